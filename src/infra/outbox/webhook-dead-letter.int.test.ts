/**
 * Issue 15 item 5: a webhook delivery that keeps failing is dead-lettered after
 * BTB_WEBHOOK_MAX_ATTEMPTS attempts (it retried forever before), shows in /metrics, no longer
 * holds back the enterprise's later events, and `btb webhooks replay` (replayDeadWebhooks)
 * puts it back in the queue.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { appointMainAccessManager } from '../../app/appoint-main-access-manager.ts';
import { addApiClient, addWebhook } from '../../app/manage-api-clients.ts';
import { buildApp } from '../../http/app.ts';
import { demoEnterprises as E, demoPersons as P } from '../demo/demo-data.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { deliverPendingWebhooks, replayDeadWebhooks } from './webhook-delivery.ts';

const MAX = 3;

describe.each(engines)('webhook dead-letter on %s (issue 15 item 5)', (engine) => {
  let deps: TestDeps;
  let server: Server;
  let status = 503;
  const received: string[] = [];
  let at = Date.parse('2026-11-28T09:00:00.000Z');
  // Each round an hour later: past any backoff, so every round is one attempt.
  const round = () => {
    at += 3_600_000;
    return deliverPendingWebhooks(deps, { fetch: globalThis.fetch, now: () => new Date(at) });
  };
  const attempts = async () => (await deps.db.db.selectFrom('webhook_attempt').select('delivery_id').execute()).length;
  const deadMetric = async () => {
    const app = await buildApp(deps);
    try {
      const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      return Number(/^btb_webhook_deliveries_dead (\d+)$/m.exec(body)?.[1]);
    } finally {
      await app.close();
    }
  };

  beforeAll(async () => {
    deps = await makeTestDeps(engine, { BTB_WEBHOOK_MAX_ATTEMPTS: String(MAX) });
    await seedDemo(deps);
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c;
      });
      req.on('end', () => {
        if (status === 204) received.push((JSON.parse(body) as { type: string }).type);
        // One connection per request: fetch keeps sockets alive, and a socket this server closes
        // after its 5 s keep-alive, while the slow rounds of a loaded CI machine pass, fails the
        // next delivery on it ("other side closed"): CI saw the replayed delivery fail that way.
        res.writeHead(status, { connection: 'close' }).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const client = await addApiClient(deps, { name: 'receiver', scope: '*' });
    await addWebhook(deps, {
      clientId: client.clientId,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    });
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await deps.cleanup();
  });

  it('stops after the bounded number of attempts, counts it in /metrics, and replays on request', async () => {
    await appointMainAccessManager(
      deps,
      { actor: { personNumber: P.anPeeters.number, loa: 'high', means: 'eid', via: 'bearer' } },
      {
        enterprise: E.brewery.number,
        person: P.sofieJanssens.number,
        email: P.sofieJanssens.email,
        phone: '+3221234567',
      },
    );
    for (let i = 0; i < MAX + 3; i++) await round();
    expect(await attempts()).toBe(MAX); // not one more: it was retried forever before
    const row = await deps.db.db.selectFrom('webhook_delivery').selectAll().executeTakeFirstOrThrow();
    expect(row.dead_at).not.toBeNull();
    expect(row.last_error).toBe('HTTP 503');
    expect(await deadMetric()).toBe(1);

    status = 204;
    expect(await replayDeadWebhooks(deps)).toBe(1);
    await round();
    expect(received).toEqual(['access_manager.appointed']);
    expect(await deadMetric()).toBe(0);
    expect(await replayDeadWebhooks(deps)).toBe(0);
  });
});
