/**
 * Issue 18, section 2: under a mandate, the holder (the accountant's office) lets a system act for
 * the client (the bakery), within the mandate, on SQLite and PostgreSQL. The check API allows the
 * client id for the bakery with the mandate in the chain, and says no once the mandate ends.
 * Every refusal is a table row and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, as, auditedChanges, basicAuth, demoDeps, rowCount, systemUse } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { acceptMandate } from '../app/mandates/accept-mandate.ts';
import { proposeMandate } from '../app/mandates/propose-mandate.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { type App, buildApp } from './app.ts';

const office = E.accountant.number; // the holder, and the vendor of PayrollPro
const bakery = demoClients[0]!; // the client; its legal representative is Ilse Jacobs
const MOB = 'mobility.vehicle-registration';
const asHigh = (person: string) => as(person, 'high');

describe.each(engines)('system users under a mandate on %s (issue 18, section 2)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let client: { clientId: string; clientSecret: string };
  let mandate: string;
  let payroll: { id: string };
  let su: string;
  const base = () => `/api/v1/enterprises/${office}/mandates/${mandate}/system-users`;
  const call = apiCaller(() => ({ deps, app }));
  const check = async (service: string, enterprise: string = bakery.number) =>
    (
      await app.inject({
        method: 'POST',
        url: '/access/v1/evaluation',
        headers: { authorization: basicAuth(client) },
        payload: systemUse('payrollpro-prod', service, enterprise),
      })
    ).json();
  const state = async () => ({
    users: await rowCount(deps, 'system_user'),
    grants: await rowCount(deps, 'system_user_grant'),
    outbox: await rowCount(deps, 'outbox'),
    changes: await auditedChanges(deps),
  });

  beforeAll(async () => {
    deps = await demoDeps(engine);
    app = await buildApp(deps);
    client = await addApiClient(deps, { name: 'every service', scope: '*' });
    const r = await app.inject({
      method: 'PUT',
      url: `/api/v1/enterprises/${office}/main-access-manager`,
      headers: await authHeader(deps, P.tomMaes.number, 'high'),
      payload: { person: P.tomMaes.number, email: P.tomMaes.email, phone: '+32 3 555 12 12' },
    });
    expect(r.statusCode, r.body).toBe(200);
    // the bakery's own main access manager: its own path does not reach the holder's system users
    const m = await app.inject({
      method: 'PUT',
      url: `/api/v1/enterprises/${bakery.number}/main-access-manager`,
      headers: await authHeader(deps, bakery.lr.number, 'high'),
      payload: { person: bakery.lr.number, email: bakery.lr.email, phone: '+32 3 555 12 13' },
    });
    expect(m.statusCode, m.body).toBe(200);
    const proposed = await proposeMandate(deps, asHigh(P.tomMaes.number), {
      enterprise: office,
      mandator: bakery.number,
      domains: ['finance'],
    });
    mandate = proposed.mandate.id;
    await acceptMandate(deps, asHigh(bakery.lr.number), { enterprise: bakery.number, id: mandate });
    const s = await call('POST', `/api/v1/enterprises/${office}/systems`, P.tomMaes.number, {
      name: 'PayrollPro',
      clientIds: ['payrollpro-prod'],
      services: ['finance.biztax', MOB],
    });
    expect(s.statusCode, s.body).toBe(201);
    payroll = s.json().system;
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it("the holder's main creates a system user for the client and grants it a service of the mandate; the check allows it with the mandate in the chain", async () => {
    const c = await call('POST', base(), P.tomMaes.number, { system: payroll.id });
    expect(c.statusCode, c.body).toBe(201);
    su = c.json().systemUser.id;
    expect(c.json().systemUser).toMatchObject({ enterprise: bakery.number, system: { id: payroll.id } });
    const g = await call('POST', `${base()}/${su}/grants`, P.tomMaes.number, { service: 'finance.biztax' });
    expect(g.statusCode, g.body).toBe(201);
    const yes = await check('finance.biztax');
    expect(yes.decision, JSON.stringify(yes)).toBe(true);
    const chain = yes.context.chain;
    expect(chain[0]).toMatchObject({ kind: 'system_user', systemUser: su, mandate, mandatary: office });
    expect(chain.at(-1)).toMatchObject({ kind: 'mandate', mandate, mandator: bakery.number, mandatary: office });
    // for another enterprise, nothing
    expect((await check('finance.biztax', E.brewery.number)).decision).toBe(false);
    // listed on the mandate
    const list = await call('GET', base(), P.tomMaes.number);
    expect(list.json().systemUsers.map((u: { id: string }) => u.id)).toEqual([su]);
    // both sides' histories hold the grant
    const audit = await deps.db.db
      .selectFrom('audit_event')
      .select(['enterprise_number', 'actor_role'])
      .where('action', '=', 'system_user.granted')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { enterprise_number: bakery.number, actor_role: 'mandatary:main' },
      { enterprise_number: office, actor_role: 'main' },
    ]);
  });

  // the client sees every software that can act for it, with the mandate as the reason
  const searchSystems = async (service: string, enterprise: string = bakery.number) =>
    (
      await app.inject({
        method: 'POST',
        url: '/access/v1/search/subject',
        headers: {
          authorization: basicAuth(client),
        },
        payload: {
          subject: { type: 'system' },
          resource: { type: 'online-service', id: service, properties: { enterprise } },
          action: { name: 'use' },
        },
      })
    ).json().results;
  it.each([
    // [what, service, enterprise, expected results]
    [
      'the granted service at the client',
      'finance.biztax',
      (): string => bakery.number,
      (): unknown[] => [
        { type: 'system', id: 'payrollpro-prod', properties: { mandates: [{ mandate, mandatary: office }] } },
      ],
    ],
    ['a service not granted', MOB, (): string => bakery.number, (): unknown[] => []],
    [
      'the granted service at another enterprise',
      'finance.biztax',
      (): string => E.brewery.number,
      (): unknown[] => [],
    ],
  ] as const)('subject search for systems, under the mandate in force: %s', async (_what, service, en, expected) => {
    expect(await searchSystems(service, en())).toEqual(expected());
  });

  it("the client's list of its system users holds the one under the mandate, with the mandate as the reason", async () => {
    const r = await call('GET', `/api/v1/enterprises/${bakery.number}/system-users`, bakery.lr.number);
    expect(r.statusCode, r.body).toBe(200);
    const listed = r.json().systemUsers.find((u: { id: string }) => u.id === su);
    expect(listed).toMatchObject({
      enterprise: bakery.number,
      system: { id: payroll.id },
      endedAt: null,
      mandate: { id: mandate, mandatary: office, mandataryName: expect.any(String) },
      grants: [{ service: 'finance.biztax', revokedAt: null }],
    });
    expect(listed.mandate.mandataryName).not.toBe(office);
  });

  it.each([
    // [what, method, path, person, body, status, code]
    [
      'no mandate',
      'POST',
      () => `/api/v1/enterprises/${office}/mandates/00000000-0000-4000-8000-000000000000/system-users`,
      P.tomMaes,
      { system: '' },
      404,
      'mandate.not_found',
    ],
    [
      "the client's side, not the holder's",
      'POST',
      () => `/api/v1/enterprises/${bakery.number}/mandates/${mandate}/system-users`,
      bakery.lr,
      { system: '' },
      403,
      'mandate.wrong_side',
    ],
    [
      "not the holder's manager",
      'POST',
      () => base(),
      P.lotteMartens,
      { system: '' },
      403,
      'authorization.not_client_manager',
    ],
    [
      'a second one for the same system',
      'POST',
      () => base(),
      P.tomMaes,
      { system: '' },
      409,
      'system_user.already_exists',
    ],
    [
      'an unknown system',
      'POST',
      () => base(),
      P.tomMaes,
      { system: '00000000-0000-4000-8000-000000000000' },
      404,
      'system.not_found',
    ],
    [
      'a service outside the mandate',
      'POST',
      () => `${base()}/${su}/grants`,
      P.tomMaes,
      { service: MOB },
      422,
      'mandate.outside_scope',
    ],
    [
      "a service outside the system's list",
      'POST',
      () => `${base()}/${su}/grants`,
      P.tomMaes,
      { service: 'finance.intervat' },
      403,
      'system_user.service_not_offered',
    ],
    [
      "not the holder's manager grants",
      'POST',
      () => `${base()}/${su}/grants`,
      P.lotteMartens,
      { service: 'finance.biztax' },
      403,
      'authorization.not_client_manager',
    ],
    [
      'the same grant twice',
      'POST',
      () => `${base()}/${su}/grants`,
      P.tomMaes,
      { service: 'finance.biztax' },
      409,
      'grant.already_exists',
    ],
    [
      "the client's own path does not reach it",
      'POST',
      () => `/api/v1/enterprises/${bakery.number}/system-users/${su}/grants`,
      bakery.lr,
      { service: 'finance.biztax' },
      404,
      'system_user.not_found',
    ],
  ] as const)('refusal: %s', async (_what, method, path, person, body, status, code) => {
    const before = await state();
    const payload = 'system' in body && body.system === '' ? { system: payroll.id } : body;
    const r = await call(method, path(), person.number, payload);
    expect(r.json().code, r.body).toBe(code);
    expect(r.statusCode, r.body).toBe(status);
    expect(await state()).toEqual(before);
  });

  it('once the mandate ends, the check says mandate_ended and nothing more is granted under it', async () => {
    const end = await call(
      'POST',
      `/api/v1/enterprises/${bakery.number}/mandates/${mandate}/end`,
      bakery.lr.number,
      {},
      'high',
    );
    expect(end.statusCode, end.body).toBe(200);
    const no = await check('finance.biztax');
    expect(no.decision).toBe(false);
    expect(no.context.reason_code ?? no.context.reason).toBe('mandate_ended');
    // nor does subject search list it any more; the client's list still shows it, with its mandate
    expect(await searchSystems('finance.biztax')).toEqual([]);
    const own = await call('GET', `/api/v1/enterprises/${bakery.number}/system-users`, bakery.lr.number);
    expect(own.json().systemUsers.find((u: { id: string }) => u.id === su)?.mandate?.id).toBe(mandate);
    const before = await state();
    const g = await call('POST', `${base()}/${su}/grants`, P.tomMaes.number, {
      service: 'finance.biztax',
      role: 'declarant',
    });
    expect(g.json().code, g.body).toBe('mandate.not_in_force');
    expect(await state()).toEqual(before);
    // the holder may still end it
    const e = await call('DELETE', `${base()}/${su}`, P.tomMaes.number);
    expect(e.statusCode, e.body).toBe(200);
    expect(e.json().systemUser.endedAt).toBeTruthy();
  });
});
