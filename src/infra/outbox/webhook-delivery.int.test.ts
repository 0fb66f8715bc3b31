import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { appointAccessManager, removeAccessManager } from '../../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../../app/appoint-main-access-manager.ts';
import { grantAccess } from '../../app/grant-access.ts';
import { addApiClient, addWebhook } from '../../app/manage-api-clients.ts';
import { type App, buildApp } from '../../http/app.ts';
import { demoEnterprises as E, demoPersons as P } from '../demo/demo-data.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { deliverPendingWebhooks } from './webhook-delivery.ts';

const ctx = (person: string, loa: 'high' | 'substantial' = 'substantial') => ({
  actor: { personNumber: person, loa, means: 'eid' as const, via: 'bearer' as const },
});
const en = E.brewery.number;

interface Seen {
  type: string;
  enterprise: string;
  data: Record<string, unknown>;
  answer?: boolean;
}

/**
 * Plays the Social Security user management: verifies each webhook as its documentation says
 * (docs/integrating.md), then asks btb's evaluation endpoint whether the person now manages
 * the social-security domain, exactly as a system written against AuthZEN would.
 */
function socialSecurity(opts: { secret: () => string; pdp: () => string; clientId: string; clientSecret: string }) {
  const seen: Seen[] = [];
  const ids = new Set<string>();
  let failNext = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', async () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      const id = String(req.headers['webhook-id']);
      const ts = String(req.headers['webhook-timestamp']);
      const key = Buffer.from(opts.secret().replace(/^whsec_/, ''), 'base64');
      const expected = Buffer.from(`v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`);
      const given = String(req.headers['webhook-signature'] ?? '')
        .split(' ')
        .map((s) => Buffer.from(s));
      if (!given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) {
        res.writeHead(401).end();
        return;
      }
      if (ids.has(id)) {
        res.writeHead(204).end(); // at least once: duplicates are dropped by id
        return;
      }
      ids.add(id);
      const event = JSON.parse(body) as Seen;
      const person = event.data.person as string;
      const r = await fetch(`${opts.pdp()}/access/v1/evaluation`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString('base64')}`,
        },
        body: JSON.stringify({
          subject: { type: 'person', id: person },
          resource: { type: 'domain', id: 'social-security', properties: { enterprise: event.enterprise } },
          action: { name: 'manage' },
        }),
      });
      event.answer = ((await r.json()) as { decision: boolean }).decision;
      seen.push(event);
      // Acknowledge once processed: btb sends this enterprise's next event only after this one.
      res.writeHead(204).end();
    });
  });
  return {
    seen,
    failNextDeliveries: (n: number) => {
      failNext = n;
    },
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/btb-events`),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(engines)('change events to Social Security, end to end, on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let pdp = '';
  let secret = '';
  let receiver: ReturnType<typeof socialSecurity>;

  /** Runs delivery rounds (as the worker would) until nothing is pending and the receiver has answered. */
  const pump = async (until: () => boolean) => {
    for (let i = 0; i < 50 && !until(); i++) {
      await deliverPendingWebhooks(deps, { fetch: globalThis.fetch });
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    app = await buildApp(deps);
    pdp = await app.listen({ port: 0, host: '127.0.0.1' });
    const client = await addApiClient(deps, { name: 'Social Security user management', scope: 'social-security' });
    receiver = socialSecurity({ secret: () => secret, pdp: () => pdp, ...client });
    const url = await receiver.listen();
    secret = (await addWebhook(deps, { clientId: client.clientId, url })).secret;
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
    await deps.cleanup();
  });

  it('tells of the TB appointed for social-security, then of the removal, and the answers follow', async () => {
    await appointMainAccessManager(deps, ctx(P.anPeeters.number, 'high'), {
      enterprise: en,
      person: P.sofieJanssens.number,
      email: P.sofieJanssens.email,
      phone: '+3221234567',
    });
    await appointAccessManager(deps, ctx(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'domain',
      domain: 'social-security',
      person: P.karimElAmrani.number,
      email: P.karimElAmrani.email,
      phone: '+3221234567',
    });
    // Not its business: a finance TB and a finance grant are not sent to a social-security client.
    await appointAccessManager(deps, ctx(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'domain',
      domain: 'finance',
      person: P.juliaSchmitz.number,
      email: P.juliaSchmitz.email,
      phone: '+3221234567',
    });
    await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.tomMaes.number,
      service: 'finance.biztax',
    });

    await pump(() => receiver.seen.length >= 2);
    expect(receiver.seen.map((e) => [e.type, e.data.role, e.data.person, e.answer])).toEqual([
      ['access_manager.appointed', 'main', P.sofieJanssens.number, true],
      ['access_manager.appointed', 'domain', P.karimElAmrani.number, true],
    ]);
    expect(receiver.seen[1]).toMatchObject({ enterprise: en, data: { domain: 'social-security' } });

    await removeAccessManager(deps, ctx(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'domain',
      domain: 'social-security',
      person: P.karimElAmrani.number,
    });
    await pump(() => receiver.seen.length >= 3);
    expect(receiver.seen[2]).toMatchObject({
      type: 'access_manager.removed',
      data: { person: P.karimElAmrani.number, domain: 'social-security' },
      answer: false,
    });

    const log = await deps.db.db.selectFrom('webhook_attempt').selectAll().execute();
    expect(log).toHaveLength(3);
    expect(log.every((a) => a.status === 204)).toBe(true);
  });

  it('retries with backoff, keeps the order per enterprise, and logs every attempt', async () => {
    receiver.failNextDeliveries(1);
    await appointAccessManager(deps, ctx(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'domain',
      domain: 'social-security',
      person: P.lucDubois.number,
      email: P.lucDubois.email,
      phone: '+3221234567',
    });
    await removeAccessManager(deps, ctx(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'domain',
      domain: 'social-security',
      person: P.lucDubois.number,
    });
    const r1 = await deliverPendingWebhooks(deps, { fetch: globalThis.fetch });
    // the first failed; the second did not overtake it
    expect(r1).toMatchObject({ delivered: 0, failed: 1 });
    const r2 = await deliverPendingWebhooks(deps, { fetch: globalThis.fetch });
    expect(r2).toMatchObject({ delivered: 0, failed: 0 }); // not due yet
    deps.clock.advance(6_000);
    await pump(() => receiver.seen.length >= 5);
    expect(receiver.seen.slice(3).map((e) => [e.type, e.data.person])).toEqual([
      ['access_manager.appointed', P.lucDubois.number],
      ['access_manager.removed', P.lucDubois.number],
    ]);
    const attempts = await deps.db.db
      .selectFrom('webhook_attempt')
      .select(['status', 'error'])
      .orderBy('seq')
      .execute();
    expect(attempts.slice(3).map((a) => a.status)).toEqual([503, 204, 204]);
  });
});
