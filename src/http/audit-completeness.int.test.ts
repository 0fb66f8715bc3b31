/**
 * Issue 13, "Audit completeness": logins, logouts, step-ups, failed logins, refused management
 * attempts (403, 409, 410, 422), client credential failures, token issuance and client administration each
 * produce exactly the expected audit event; where an enterprise applies, it sees the event in
 * its own history. Anonymous failures are coalesced so that a flood cannot grow the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, basicAuth, contact, putMain } from '../../test/builders.ts';
import { startListeningApp, walkDevLogin } from '../../test/listening-app.ts';
import { TestBrowser } from '../../test/test-browser.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { addApiClient, revokeApiClient } from '../app/manage-api-clients.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import type { App } from './app.ts';

const en = E.brewery.number;
const basic = (clientId: string, clientSecret: string) => ({
  authorization: basicAuth({ clientId, clientSecret }),
  'content-type': 'application/x-www-form-urlencoded',
});

interface Event {
  action: string;
  actor: string | null;
  actor_role: string | null;
  enterprise_number: string | null;
  target: string | null;
  after: Record<string, unknown> | null;
}

describe.each(engines)('issue 13 audit completeness on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let base: string;
  const browser = new TestBrowser();
  let seen = 0;

  /** The events written since the previous call. */
  async function newEvents(): Promise<Event[]> {
    const rows = await deps.db.db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', seen)
      .orderBy('seq')
      .execute();
    seen = rows.at(-1)?.seq ?? seen;
    return rows.map((r) => ({
      action: r.action,
      actor: r.actor,
      actor_role: r.actor_role,
      enterprise_number: r.enterprise_number,
      target: r.target,
      after: r.after_json ? JSON.parse(r.after_json) : null,
    }));
  }
  const call = apiCaller(() => ({ deps, app }));

  const login = (loginPath: string, pick: { person: string; means: string }) =>
    walkDevLogin(browser, base, loginPath, pick);
  let client: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    ({ deps, app, base } = await startListeningApp(engine));
    // An HTB for the brewery, so that a 409 can be provoked below.
    const r = await putMain(call, en, P.anPeeters.number, P.sofieJanssens);
    expect(r.statusCode, r.body).toBe(200);
    await newEvents();
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  const cases: [string, () => Promise<void>, Partial<Event>[]][] = [
    [
      'login',
      async () => {
        expect(
          (await browser.request(await login('/auth/login', { person: 'anPeeters', means: 'security-code' }))).status,
        ).toBe(303);
      },
      [
        {
          action: 'security.login',
          actor: P.anPeeters.number,
          actor_role: 'person',
          enterprise_number: null,
          after: { loa: 'substantial', means: 'security-code', issuer: expect.any(String) },
        },
      ],
    ],
    [
      'step-up',
      async () => {
        expect(
          (await browser.request(await login('/auth/login?loa=high', { person: 'anPeeters', means: 'eid' }))).status,
        ).toBe(303);
      },
      [
        {
          action: 'security.step_up',
          actor: P.anPeeters.number,
          after: { loa: 'high', means: 'eid', from: 'substantial', issuer: expect.any(String) },
        },
      ],
    ],
    [
      'logout',
      async () => {
        const csrf = (await (await browser.request(`${base}/auth/csrf`)).json()).token as string;
        const out = await browser.request(`${base}/auth/logout`, {
          method: 'POST',
          headers: { 'x-csrf-token': csrf, accept: 'application/json' },
        });
        expect(out.status).toBe(200);
      },
      [{ action: 'security.logout', actor: P.anPeeters.number, actor_role: 'person' }],
    ],
    [
      'failed login: no login in progress (no state cookie)',
      async () => {
        expect((await app.inject({ url: '/auth/callback?code=x&state=y' })).statusCode).toBe(401);
      },
      [
        {
          action: 'security.login_failed',
          actor: null,
          actor_role: 'anonymous',
          after: { reason: 'no login in progress', notRecordedBefore: 0 },
        },
      ],
    ],
    [
      'failed login: a state that does not match the login started',
      async () => {
        const start = await browser.request(`${base}/auth/login`);
        expect(start.status).toBe(303);
        const res = await browser.request(`${base}/auth/callback?code=x&state=forged`);
        expect(res.status).toBe(401);
      },
      [
        {
          action: 'security.login_failed',
          actor: null,
          after: { reason: expect.not.stringMatching(/^no login in progress$/), notRecordedBefore: 0 },
        },
      ],
    ],
    [
      'refused 403: a stranger tries to appoint the main access manager',
      async () => {
        const r = await putMain(call, en, P.tomMaes.number, P.tomMaes);
        expect(r.statusCode).toBe(403);
      },
      [
        {
          action: 'security.refused',
          actor: P.tomMaes.number,
          enterprise_number: en,
          target: 'PUT /api/v1/enterprises/:en/main-access-manager',
          after: { code: expect.stringMatching(/^authorization\./), status: 403 },
        },
      ],
    ],
    [
      'refused 403: too low an assurance level',
      async () => {
        const r = await call(
          'PUT',
          `/api/v1/enterprises/${en}/main-access-manager`,
          P.anPeeters.number,
          { person: P.sofieJanssens.number, ...contact(P.sofieJanssens) },
          'substantial',
        );
        expect(r.statusCode).toBe(403);
      },
      [
        {
          action: 'security.refused',
          actor: P.anPeeters.number,
          enterprise_number: en,
          after: { code: 'authentication.insufficient_assurance', status: 403 },
        },
      ],
    ],
    [
      'refused 409: the same co-main access manager appointed twice',
      async () => {
        const body = { person: P.karimElAmrani.number, ...contact(P.karimElAmrani) };
        expect(
          (await call('POST', `/api/v1/enterprises/${en}/co-main-access-managers`, P.sofieJanssens.number, body))
            .statusCode,
        ).toBe(201);
        const r = await call('POST', `/api/v1/enterprises/${en}/co-main-access-managers`, P.sofieJanssens.number, body);
        expect(r.statusCode, r.body).toBe(409);
      },
      [
        { action: 'co_main_access_manager.appointed', actor: P.sofieJanssens.number },
        {
          action: 'security.refused',
          actor: P.sofieJanssens.number,
          enterprise_number: en,
          target: 'POST /api/v1/enterprises/:en/co-main-access-managers',
          after: { code: expect.any(String), status: 409 },
        },
      ],
    ],
    [
      'refused 422: a rule of the domain (the appointee is neither employee nor legal representative)',
      async () => {
        const r = await call(
          'PUT',
          `/api/v1/enterprises/${en}/main-access-manager`,
          P.anPeeters.number,
          { person: P.lotteMartens.number, ...contact(P.lotteMartens) },
          'high',
        );
        expect(r.statusCode, r.body).toBe(422);
      },
      [
        {
          action: 'security.refused',
          actor: P.anPeeters.number,
          enterprise_number: en,
          target: 'PUT /api/v1/enterprises/:en/main-access-manager',
          after: { code: 'appointment.not_eligible', status: 422 },
        },
      ],
    ],
    [
      'a malformed request (400) is not recorded: it never reached a rule',
      async () => {
        const r = await call(
          'PUT',
          `/api/v1/enterprises/${en}/main-access-manager`,
          P.anPeeters.number,
          { person: 'not a number', ...contact(P.lotteMartens) },
          'high',
        );
        expect(r.statusCode, r.body).toBe(400);
      },
      [],
    ],
    [
      'an anonymous refusal is not recorded',
      async () => {
        expect(
          (
            await call('PUT', `/api/v1/enterprises/${en}/main-access-manager`, null, {
              person: P.tomMaes.number,
              ...contact(P.tomMaes),
            })
          ).statusCode,
        ).toBe(401);
      },
      [],
    ],
    [
      'client add',
      async () => {
        client = await addApiClient(deps, { name: 'Social Security', scope: 'social-security' });
      },
      [
        {
          action: 'api_client.added',
          actor: 'operator:cli',
          actor_role: 'operator',
          after: { name: 'Social Security', scope: ['social-security'] },
        },
      ],
    ],
    [
      'client token issued',
      async () => {
        const r = await app.inject({
          method: 'POST',
          url: '/oauth/token',
          headers: basic(client.clientId, client.clientSecret),
          payload: 'grant_type=client_credentials',
        });
        expect(r.statusCode, r.body).toBe(200);
      },
      [
        {
          action: 'security.client_token_issued',
          actor: expect.stringMatching(/^client:btbc_/),
          actor_role: 'api_client',
          after: { expiresAt: expect.any(String) },
        },
      ],
    ],
    [
      'client credentials failure: a wrong secret, then an unknown client',
      async () => {
        for (const [id, secret] of [
          [client.clientId, 'wrong'],
          ['btbc_nobody', 'x'],
        ] as const) {
          const r = await app.inject({
            method: 'POST',
            url: '/oauth/token',
            headers: basic(id, secret),
            payload: 'grant_type=client_credentials',
          });
          expect(r.statusCode).toBe(401);
        }
      },
      [
        {
          action: 'security.client_credentials_refused',
          actor: null,
          actor_role: 'api_client',
          target: expect.stringMatching(/^btbc_/),
          after: { reason: 'bad_secret', notRecordedBefore: 0 },
        },
        {
          action: 'security.client_credentials_refused',
          actor: null,
          target: null,
          after: { reason: 'unknown_client', notRecordedBefore: 0 },
        },
      ],
    ],
    [
      'client revoke',
      async () => {
        await revokeApiClient(deps, { clientId: client.clientId });
      },
      [{ action: 'api_client.revoked', actor: 'operator:cli', actor_role: 'operator' }],
    ],
  ];

  it.each(cases)('%s produces exactly the expected audit event', async (_name, act, expected) => {
    await act();
    const events = await newEvents();
    expect(events).toEqual(expected.map((e) => expect.objectContaining(e)));
    if (expected.some((e) => e.action === 'security.client_token_issued' || e.action === 'api_client.revoked')) {
      expect(events[0]?.target).toBe(client.clientId);
    }
  });

  it('the enterprise sees the refused attempts on its data in its own history', async () => {
    const r = await call('GET', `/api/v1/enterprises/${en}/audit?action=security.refused`, P.anPeeters.number);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { actor: string; after: { status: number } }[];
    expect(items.map((i) => [i.actor, i.after.status])).toEqual([
      [P.anPeeters.number, 422],
      [P.sofieJanssens.number, 409],
      [P.anPeeters.number, 403],
      [P.tomMaes.number, 403],
    ]);
  });

  it('a flood of failed logins from nobody is coalesced: one event per reason and minute, the rest counted in the next', async () => {
    for (let i = 0; i < 25; i++) await app.inject({ url: '/auth/callback?code=x&state=y' });
    expect(await newEvents()).toEqual([]); // the window opened by the case above is still running
    deps.clock.advance(61_000);
    await app.inject({ url: '/auth/callback?code=x&state=y' });
    expect(await newEvents()).toEqual([
      expect.objectContaining({
        action: 'security.login_failed',
        after: { reason: 'no login in progress', notRecordedBefore: 25 },
      }),
    ]);
  });

  it('security events keep the chain whole', async () => {
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
  });
});
