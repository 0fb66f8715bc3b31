import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { appointAccessManager } from '../../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../../app/appoint-main-access-manager.ts';
import { revokeGrant } from '../../app/change-grant.ts';
import { grantAccess } from '../../app/grant-access.ts';
import { addApiClient, revokeApiClient } from '../../app/manage-api-clients.ts';
import { demoEnterprises as E, demoPersons as P } from '../../infra/demo/demo-data.ts';
import { seedDemo } from '../../infra/demo/seed-demo.ts';
import { type App, buildApp } from '../app.ts';

const ctx = (person: string, loa: 'high' | 'substantial' = 'substantial') => ({
  actor: { personNumber: person, loa, means: 'eid' as const, via: 'bearer' as const },
});
const en = E.brewery.number;
const basic = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
});
const use = (person: string, service: string, enterprise: string = en, role?: string) => ({
  subject: { type: 'person', id: person },
  resource: { type: 'online-service', id: service, properties: { enterprise, ...(role ? { role } : {}) } },
  action: { name: 'use' },
});
const manage = (person: string, domain: string, enterprise: string = en) => ({
  subject: { type: 'person', id: person },
  resource: { type: 'domain', id: domain, properties: { enterprise } },
  action: { name: 'manage' },
});

describe.each(engines)('the AuthZEN check API on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let all: { clientId: string; clientSecret: string };
  let financeOnly: { clientId: string; clientSecret: string };
  let tomsGrant: string;

  const post = (url: string, body: unknown, headers: Record<string, string> = basic(all.clientId, all.clientSecret)) =>
    app.inject({ method: 'POST', url, headers, payload: body as object });

  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    await seedDemo(deps);
    app = await buildApp(deps);
    // booted here, not by the first test's inject: on a loaded machine the boot alone took the
    // first test past its timeout (issue 21, item 9)
    await app.ready();
    all = await addApiClient(deps, { name: 'every service', scope: '*' });
    financeOnly = await addApiClient(deps, { name: 'MyMinfin', scope: 'finance' });
    await appointMainAccessManager(deps, ctx(P.anPeeters.number, 'high'), {
      enterprise: en,
      person: P.sofieJanssens.number,
      email: P.sofieJanssens.email,
      phone: '+3221234567',
    });
    await appointAccessManager(deps, ctx(P.sofieJanssens.number), {
      enterprise: en,
      kind: 'domain',
      domain: 'finance',
      person: P.juliaSchmitz.number,
      email: P.juliaSchmitz.email,
      phone: '+3221234567',
    });
    const g = await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.tomMaes.number,
      service: 'finance.biztax',
      role: 'declarant',
    });
    tomsGrant = g.kind === 'grant' ? g.grant.id : '';
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('publishes its metadata at the well-known address', async () => {
    const r = await app.inject({ method: 'GET', url: '/.well-known/authzen-configuration' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      policy_decision_point: deps.config.publicUrl,
      access_evaluation_endpoint: `${deps.config.publicUrl}/access/v1/evaluation`,
      search_resource_endpoint: `${deps.config.publicUrl}/access/v1/search/resource`,
    });
  });

  it('answers yes with the chain grant → TB → HTB → LR, and no with a reason, in the caller language', async () => {
    let r = await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().decision).toBe(true);
    expect(r.json().context.chain.map((l: { role: string; person: string }) => [l.role, l.person])).toEqual([
      ['user:declarant', P.tomMaes.number],
      ['domain', P.juliaSchmitz.number],
      ['main', P.sofieJanssens.number],
      ['legal_representative', P.anPeeters.number],
    ]);
    r = await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax', en, 'viewer'));
    expect(r.json()).toMatchObject({ decision: false, context: { reason: 'no_grant' } });
    r = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: { ...basic(all.clientId, all.clientSecret), 'accept-language': 'fr-BE,fr;q=0.9' },
      payload: use(P.tomMaes.number, 'finance.intervat'),
    });
    expect(r.json().context).toMatchObject({
      reason: 'no_grant',
      reason_user: expect.stringContaining("Vous n'avez pas accès"),
    });
    expect(r.json().context.reason_admin).toContain('holds no grant');
    // Managers manage; they do not use services without a grant of their own.
    r = await post('/access/v1/evaluation', use(P.sofieJanssens.number, 'finance.biztax'));
    expect(r.json()).toMatchObject({ decision: false, context: { reason: 'no_grant' } });
  });

  it('names each reason for a no', async () => {
    const reason = async (body: unknown) => (await post('/access/v1/evaluation', body)).json().context.reason;
    expect(await reason(use('85073003329', 'finance.biztax'))).toBe('unknown_person');
    expect(await reason(use('85073003328', 'finance.biztax'))).toBe('unknown_person'); // valid number, nobody
    expect(await reason(use(P.tomMaes.number, 'finance.nothing'))).toBe('unknown_service');
    expect(await reason(use(P.tomMaes.number, 'finance.biztax', '0999999968'))).toBe('unknown_enterprise');
    expect(await reason(use(P.erikVos.number, 'finance.biztax', E.stopped.number))).toBe('enterprise_stopped');
    expect(await reason(manage(P.tomMaes.number, 'finance'))).toBe('not_manager');
    const scoped = basic(financeOnly.clientId, financeOnly.clientSecret);
    expect(
      (await post('/access/v1/evaluation', use(P.tomMaes.number, 'mobility.drone-operators'), scoped)).json().context
        .reason,
    ).toBe('out_of_scope');
    expect((await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'), scoped)).json().decision).toBe(
      true,
    );

    // expired: a grant that ran out by its end date
    const until = new Date(deps.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.lotteMartens.number,
      service: 'finance.intervat',
      validUntil: until,
    });
    expect((await post('/access/v1/evaluation', use(P.lotteMartens.number, 'finance.intervat'))).json().decision).toBe(
      true,
    );
    deps.clock.advance(3 * 86_400_000);
    expect(await reason(use(P.lotteMartens.number, 'finance.intervat'))).toBe('expired');
    // not yet valid
    const from = new Date(deps.clock.now().getTime() + 86_400_000).toISOString();
    await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.lotteMartens.number,
      service: 'finance.biztax',
      validFrom: from,
    });
    expect(await reason(use(P.lotteMartens.number, 'finance.biztax'))).toBe('not_yet_valid');
  });

  it('sees a revocation at the very next check', async () => {
    // a second client's view is cached too: it must not keep the old answer
    expect((await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'))).json().decision).toBe(true);
    await revokeGrant(deps, ctx(P.juliaSchmitz.number), { enterprise: en, id: tomsGrant });
    const r = (await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'))).json();
    expect(r).toMatchObject({ decision: false, context: { reason: 'revoked' } });
    const g = await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.tomMaes.number,
      service: 'finance.biztax',
    });
    expect(g.kind).toBe('grant');
    expect((await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'))).json().decision).toBe(true);
  });

  it('answers manage for the HTB (every domain) and a TB (their domain only)', async () => {
    let r = (await post('/access/v1/evaluation', manage(P.sofieJanssens.number, 'social-security'))).json();
    expect(r.decision).toBe(true);
    expect(r.context.chain.map((l: { role: string }) => l.role)).toEqual(['main', 'legal_representative']);
    r = (await post('/access/v1/evaluation', manage(P.juliaSchmitz.number, 'finance'))).json();
    expect(r.decision).toBe(true);
    expect((await post('/access/v1/evaluation', manage(P.juliaSchmitz.number, 'mobility'))).json().context.reason).toBe(
      'not_manager',
    );
    expect(
      (
        await post(
          '/access/v1/evaluation',
          manage(P.juliaSchmitz.number, 'mobility'),
          basic(financeOnly.clientId, financeOnly.clientSecret),
        )
      ).json().context.reason,
    ).toBe('out_of_scope');
  });

  it('evaluates in batches with defaults and the three semantics', async () => {
    const body = (semantic?: string) => ({
      subject: { type: 'person', id: P.tomMaes.number },
      action: { name: 'use' },
      ...(semantic ? { options: { evaluations_semantic: semantic } } : {}),
      evaluations: [
        { resource: { type: 'online-service', id: 'finance.intervat', properties: { enterprise: en } } },
        { resource: { type: 'online-service', id: 'finance.biztax', properties: { enterprise: en } } },
        { resource: { type: 'domain', id: 'finance', properties: { enterprise: en } }, action: { name: 'manage' } },
      ],
    });
    const decisions = async (s?: string) =>
      (await post('/access/v1/evaluations', body(s))).json().evaluations.map((e: { decision: boolean }) => e.decision);
    expect(await decisions()).toEqual([false, true, false]);
    expect(await decisions('execute_all')).toEqual([false, true, false]);
    expect(await decisions('deny_on_first_deny')).toEqual([false]);
    expect(await decisions('permit_on_first_permit')).toEqual([false, true]);
  });

  it('answers every item of a batch as single calls would, from the state committed before the call', async () => {
    // one barrier and one status read for the whole batch (issue 20): the answers must not change
    const g = await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.lotteMartens.number,
      service: 'finance.myminfin-companies',
    });
    const items = [
      use(P.lotteMartens.number, 'finance.myminfin-companies'),
      use(P.lotteMartens.number, 'finance.myminfin-companies', `${en.slice(0, 4)}.${en.slice(4, 7)}.${en.slice(7)}`),
      use(P.erikVos.number, 'finance.biztax', E.stopped.number),
      use(P.tomMaes.number, 'finance.biztax', '0999999968'),
      use(P.tomMaes.number, 'finance.biztax', 'not a number'),
      manage(P.sofieJanssens.number, 'social-security'),
      use(P.tomMaes.number, 'finance.nothing'),
    ];
    const single = async () => {
      const out: unknown[] = [];
      for (const x of items) out.push((await post('/access/v1/evaluation', x)).json());
      return out;
    };
    const batch = async () => (await post('/access/v1/evaluations', { evaluations: items })).json().evaluations;
    const before = await single();
    expect(before.map((r) => (r as { decision: boolean }).decision)).toEqual([
      true,
      true,
      false,
      false,
      false,
      true,
      false,
    ]);
    expect(await batch()).toEqual(before);
    // a revocation committed just before the batch is seen by every item of it
    await revokeGrant(deps, ctx(P.juliaSchmitz.number), { enterprise: en, id: g.kind === 'grant' ? g.grant.id : '' });
    const after = await batch();
    expect(after.slice(0, 2).map((r: { context: { reason: string } }) => r.context.reason)).toEqual([
      'revoked',
      'revoked',
    ]);
    expect(after).toEqual(await single());
    // the short-circuit semantics run in order and stop where they should
    const first = (
      await post('/access/v1/evaluations', {
        evaluations: items,
        options: { evaluations_semantic: 'permit_on_first_permit' },
      })
    ).json().evaluations;
    expect(first.map((r: { decision: boolean }) => r.decision)).toEqual([false, false, false, false, false, true]);
  });

  it('searches resources, subjects and actions, with pages', async () => {
    await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.tomMaes.number,
      service: 'finance.intervat',
    });
    await grantAccess(deps, ctx(P.juliaSchmitz.number), {
      enterprise: en,
      person: P.tomMaes.number,
      service: 'finance.myminfin-companies',
    });
    const search = {
      subject: { type: 'person', id: P.tomMaes.number },
      action: { name: 'use' },
      resource: { type: 'online-service' },
    };
    const first = (await post('/access/v1/search/resource', { ...search, page: { limit: 2 } })).json();
    expect(first.results).toHaveLength(2);
    expect(first.page).toMatchObject({ count: 2, total: 3 });
    expect(first.page.next_token).not.toBe('');
    const second = (
      await post('/access/v1/search/resource', { ...search, page: { token: first.page.next_token, limit: 2 } })
    ).json();
    expect(second.page).toMatchObject({ count: 1, next_token: '' });
    const ids = [...first.results, ...second.results].map((x: { id: string }) => x.id);
    expect(ids).toEqual(['finance.biztax', 'finance.intervat', 'finance.myminfin-companies']);
    // every result, fed back into evaluation, answers true
    for (const x of [...first.results, ...second.results]) {
      expect(
        (await post('/access/v1/evaluation', { subject: search.subject, action: search.action, resource: x })).json()
          .decision,
      ).toBe(true);
    }
    const managed = (
      await post('/access/v1/search/resource', {
        subject: { type: 'person', id: P.sofieJanssens.number },
        action: { name: 'manage' },
        resource: { type: 'domain' },
      })
    ).json();
    expect(managed.results.map((x: { id: string }) => x.id)).toContain('social-security');

    const subjects = (
      await post('/access/v1/search/subject', {
        subject: { type: 'person' },
        action: { name: 'manage' },
        resource: { type: 'domain', id: 'finance', properties: { enterprise: en } },
      })
    ).json();
    expect(subjects.results.map((x: { id: string }) => x.id).sort()).toEqual(
      [P.juliaSchmitz.number, P.sofieJanssens.number].sort(),
    );
    const users = (
      await post('/access/v1/search/subject', {
        subject: { type: 'person' },
        action: { name: 'use' },
        resource: { type: 'online-service', id: 'finance.intervat', properties: { enterprise: en } },
      })
    ).json();
    expect(users.results).toEqual([{ type: 'person', id: P.tomMaes.number }]);

    const actions = (
      await post('/access/v1/search/action', {
        subject: { type: 'person', id: P.juliaSchmitz.number },
        resource: { type: 'domain', id: 'finance', properties: { enterprise: en } },
      })
    ).json();
    expect(actions.results).toEqual([{ name: 'manage' }]);
  });

  it('refuses a revoked client at its next call, even while its Basic credentials are remembered', async () => {
    // Basic credentials verified in the last minute skip the secret hash (issue 20); the clock does
    // not move here, so the second and third calls are well within that minute.
    const c = await addApiClient(deps, { name: 'short-lived', scope: '*' });
    const creds = basic(c.clientId, c.clientSecret);
    const ask = () => post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'), creds);
    expect((await ask()).statusCode).toBe(200);
    expect((await ask()).statusCode).toBe(200);
    await revokeApiClient(deps, { clientId: c.clientId });
    const refused = await ask();
    expect(refused.statusCode, refused.body).toBe(401);
    expect(
      (await post('/access/v1/evaluations', { evaluations: [use(P.tomMaes.number, 'finance.biztax')] }, creds))
        .statusCode,
    ).toBe(401);
    deps.clock.advance(120_000); // past the minute: verified afresh, still refused
    expect((await ask()).statusCode).toBe(401);
  });

  it('authenticates clients by token or Basic, refuses others, and counts calls per client', async () => {
    let r = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${financeOnly.clientId}&client_secret=${financeOnly.clientSecret}`,
    });
    expect(r.statusCode, r.body).toBe(200);
    const token = r.json().access_token as string;
    expect(r.json()).toMatchObject({ token_type: 'Bearer', scope: 'finance' });
    r = await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'), {
      authorization: `Bearer ${token}`,
    });
    expect(r.json().decision).toBe(true);
    r = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: basic(financeOnly.clientId, 'wrong'),
      payload: { grant_type: 'client_credentials' },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ error: 'invalid_client' });
    r = await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'), {});
    expect(r.statusCode).toBe(401);
    r = await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'), basic(all.clientId, 'wrong'));
    expect(r.statusCode).toBe(401);

    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      new RegExp(
        `btb_authzen_requests_total\\{client="${financeOnly.clientId}",endpoint="evaluation",outcome="permit"\\} [1-9]`,
      ),
    );

    await revokeApiClient(deps, { clientId: financeOnly.clientId });
    r = await post('/access/v1/evaluation', use(P.tomMaes.number, 'finance.biztax'), {
      authorization: `Bearer ${token}`,
    });
    expect(r.statusCode).toBe(401);
    r = await post(
      '/access/v1/evaluation',
      use(P.tomMaes.number, 'finance.biztax'),
      basic(financeOnly.clientId, financeOnly.clientSecret),
    );
    expect(r.statusCode).toBe(401);
  });
});
