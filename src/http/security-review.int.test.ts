/**
 * Regression tests of the security review: each names the issue whose code it guards and the
 * hole it closes. Written to fail before the fix.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequester, proposedSofie } from '../../test/builders.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { appointMainAccessManager } from '../app/appoint-main-access-manager.ts';
import { answerExceptionRequest } from '../app/exception/answer-exception-request.ts';
import { decideExceptionRequest } from '../app/exception/decide-exception-request.ts';
import { followExceptionRequest } from '../app/exception/follow-exception-request.ts';
import { issueChallenge } from '../app/exception/issue-challenge.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { submitExceptionRequest } from '../app/exception/submit-exception-request.ts';
import { addApiClient, addWebhook } from '../app/manage-api-clients.ts';
import { acceptMandate } from '../app/mandates/accept-mandate.ts';
import { appointClientManager, removeClientManager } from '../app/mandates/appoint-client-manager.ts';
import { proposeMandate } from '../app/mandates/propose-mandate.ts';
import type { Ctx } from '../app/shared/record.ts';
import { solveChallenge } from '../domain/proof-of-work.ts';
import { filesystemAttachmentStore } from '../infra/attachments/attachment-store.ts';
import { openDatabase } from '../infra/db/database.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { deliverPendingWebhooks } from '../infra/outbox/webhook-delivery.ts';
import { type App, buildApp } from './app.ts';

const as = (person: string, loa: 'substantial' | 'high' = 'substantial'): Ctx => ({
  actor: { personNumber: person, loa, means: 'token', via: 'bearer' },
});
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.each(engines)('security review on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let attachmentsDir: string;

  beforeAll(async () => {
    attachmentsDir = await mkdtemp(join(tmpdir(), 'btb-sec-'));
    deps = await makeTestDeps(engine, { EXCEPTION_POW_DIFFICULTY: '4', ATTACHMENTS_DIR: attachmentsDir });
    await seedDemo(deps);
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
    await rm(attachmentsDir, { recursive: true, force: true });
  });

  it('issue 5/9: a webhook subscriber hears only of mandates and client managers in its scope', async () => {
    const office = E.accountant.number;
    await appointMainAccessManager(deps, as(P.tomMaes.number, 'high'), {
      enterprise: office,
      person: P.tomMaes.number,
      email: P.tomMaes.email,
      phone: '+32 3 555 12 12',
    });
    const ss = await addApiClient(deps, { name: 'Social Security', scope: 'social-security' });
    await addWebhook(deps, { clientId: ss.clientId, url: 'http://127.0.0.1:9/hooks' });
    // Flush what came before (the main access manager concerns every subscriber).
    await deliverPendingWebhooks(deps, { fetch: async () => new Response(null, { status: 204 }) });

    const tom = as(P.tomMaes.number, 'high'); // signing a mandate needs high (issue 13, finding 2)
    const finance = await proposeMandate(deps, tom, {
      enterprise: office,
      mandator: demoClients[20]!.number,
      domains: ['finance'],
    });
    await acceptMandate(deps, as(demoClients[20]!.lr.number, 'high'), {
      enterprise: demoClients[20]!.number,
      id: finance.mandate.id,
    });
    await appointClientManager(deps, tom, {
      enterprise: office,
      id: finance.mandate.id,
      person: P.lotteMartens.number,
      email: P.lotteMartens.email,
    });
    await removeClientManager(deps, tom, { enterprise: office, id: finance.mandate.id, person: P.lotteMartens.number });
    // the positive control: a mandate over the subscriber's own domain reaches it
    const social = await proposeMandate(deps, tom, {
      enterprise: office,
      mandator: demoClients[21]!.number,
      domains: ['social-security'],
    });

    const seen: { type: string; data: Record<string, unknown> }[] = [];
    await deliverPendingWebhooks(deps, {
      fetch: async (_url, init) => {
        seen.push(JSON.parse(String(init?.body)));
        return new Response(null, { status: 204 });
      },
    });
    const mandatesSeen = seen.filter((e) => 'mandate' in e.data).map((e) => `${e.type}:${e.data.mandate}`);
    expect(mandatesSeen).toContain(`mandate.proposed:${social.mandate.id}`);
    expect(mandatesSeen.filter((m) => m.endsWith(finance.mandate.id))).toEqual([]);
  });

  it('issue 3: one invitation becomes one grant, even when two people accept it at once', async () => {
    const en = E.brewery.number;
    const c = { email: 'm@example.be', phone: '+3221234567' };
    const h = (p: string, loa: 'substantial' | 'high' = 'substantial') => authHeader(deps, p, loa);
    await app.inject({
      method: 'PUT',
      url: `/api/v1/enterprises/${en}/main-access-manager`,
      headers: await h(P.anPeeters.number, 'high'),
      payload: { person: P.sofieJanssens.number, ...c },
    });
    const inv = await app.inject({
      method: 'POST',
      url: `/api/v1/enterprises/${en}/grants`,
      headers: await h(P.sofieJanssens.number),
      payload: { email: 'shared@example.be', service: 'economy.my-enterprise' },
    });
    expect(inv.statusCode, inv.body).toBe(202);
    const rows = await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute();
    const mail = rows.map((r) => JSON.parse(r.payload)).find((m) => m.to === 'shared@example.be');
    const token = String(mail.params.link).split('/invitations/')[1]!;
    const accepters = [P.tomMaes.number, P.lucDubois.number, P.karimElAmrani.number, P.juliaSchmitz.number];
    const answers = await Promise.all(
      accepters.map(async (p) =>
        // each claims the invited address, verified: the race, not the binding, is under test here
        app.inject({
          method: 'POST',
          url: `/api/v1/invitations/${token}/accept`,
          headers: await authHeader(deps, p, 'substantial', { email: 'shared@example.be', email_verified: true }),
        }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    const grants = await deps.db.db
      .selectFrom('access_grant')
      .select('id')
      .where('invitation_id', '=', inv.json().invitation.id)
      .execute();
    expect(grants).toHaveLength(1);
  });

  it('issue 5: malformed Basic credentials on the check API are refused as such, not a server error', async () => {
    const bad = `Basic ${Buffer.from('%E0%A4%A:secret').toString('base64')}`;
    const check = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: { authorization: bad },
      payload: {
        subject: { type: 'person', id: P.tomMaes.number },
        resource: { type: 'domain', id: 'finance', properties: { enterprise: E.brewery.number } },
        action: { name: 'manage' },
      },
    });
    expect(check.statusCode, check.body).toBe(401);
    expect(check.json().code).toBe('authentication.invalid_client');
    const token = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: bad },
      payload: { grant_type: 'client_credentials' },
    });
    expect(token.statusCode, token.body).toBe(401);
    expect(token.json().error).toBe('invalid_client');
  });

  it('issue 6: a decided request takes no answer, even one that was on its way when the decision came', async () => {
    const ch = await issueChallenge(deps);
    const submitted = await submitExceptionRequest(deps, undefined, {
      enterprise: E.newSeries.number,
      requester: foreignRequester,
      proposed: proposedSofie,
      reason: 'no_eid',
      challenge: ch.challenge,
      nonce: solveChallenge(ch.challenge, ch.difficulty),
      attachments: [{ kind: 'signed_form', filename: 'form.pdf', bytes: pdf }],
    });
    const rows = await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute();
    const code = rows
      .map((r) => JSON.parse(r.payload))
      .find((m) => m.params?.reference === submitted.reference && m.params?.code).params.code;
    const { token } = await followExceptionRequest(deps, { reference: submitted.reference, code });
    const id = (
      await deps.db.db
        .selectFrom('exception_request')
        .select('id')
        .where('reference', '=', submitted.reference)
        .executeTakeFirstOrThrow()
    ).id;
    await addOperator(deps, { person: P.nadiaClaes.number });
    // The operator rejects while the requester's document is being stored.
    const store = filesystemAttachmentStore(attachmentsDir);
    const racing = {
      ...deps,
      attachments: {
        get: store.get,
        remove: store.remove,
        put: async (bytes: Buffer) => {
          await decideExceptionRequest(deps, as(P.nadiaClaes.number), {
            id,
            decision: 'reject',
            message: 'not a representative',
          });
          return store.put(bytes);
        },
      },
    };
    await expect(
      answerExceptionRequest(racing, {
        token,
        message: 'here it is',
        attachments: [{ kind: 'other', filename: 'late.pdf', bytes: pdf }],
      }),
    ).rejects.toMatchObject({ code: 'exception.closed' });
    const late = await deps.db.db
      .selectFrom('exception_attachment')
      .select('id')
      .where('request_id', '=', id)
      .where('filename', '=', 'late.pdf')
      .execute();
    expect(late).toEqual([]);
  });
});

describe.each(engines)('security review, readiness on %s', (engine) => {
  it('issue 8: /readyz tells a stranger that the database is unreachable, not what the driver said', async () => {
    const deps = await makeTestDeps(engine);
    const app = await buildApp(deps);
    // nothing listens on port 1: every query fails with the driver's own words
    const dead = openDatabase('postgres://nobody:secret@127.0.0.1:1/btb');
    const live = deps.db.db;
    try {
      // the route reads deps.db.db at each request: point it at a closed database
      (deps.db as { db: typeof live }).db = dead.db;
      const r = await app.inject({ url: '/readyz' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toEqual({ status: 'not-ready', database: engine, reason: 'database unreachable' });
    } finally {
      (deps.db as { db: typeof live }).db = live;
      await dead.close();
      await app.close();
      await deps.cleanup();
    }
  });
});
