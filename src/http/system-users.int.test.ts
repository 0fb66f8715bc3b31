/**
 * Issue 18, section 2: system users end to end through the API, on SQLite and PostgreSQL. A
 * vendor (the accountant's office, as a software vendor) registers its system; the brewery lets
 * it act for it and grants it services as it grants a person; the check API answers for the
 * system's client ids with the same reasons and chain as for a person. Every refusal is a table
 * row and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCaller,
  appointTeam,
  auditedChanges,
  basicAuth,
  demoDeps,
  expectOk,
  putMain,
  rowCount,
  systemUse,
} from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { type App, buildApp } from './app.ts';

const B = E.brewery.number;
const V = E.accountant.number; // the vendor

describe.each(engines)('system users on %s (issue 18, section 2)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let client: { clientId: string; clientSecret: string };
  let system: { id: string; clientIds: string[] };
  let other: { id: string };
  let systemUser: string;
  const call = apiCaller(() => ({ deps, app }));
  const check = (body: unknown, path = 'evaluation') =>
    app.inject({
      method: 'POST',
      url: `/access/v1/${path}`,
      headers: { authorization: basicAuth(client) },
      payload: body as object,
    });
  const use = (clientId: string, service: string, enterprise: string = B) => systemUse(clientId, service, enterprise);
  /** a fingerprint of everything a refusal must leave alone */
  const state = async () => {
    const n = (t: 'system' | 'system_client' | 'system_user' | 'system_user_grant' | 'outbox') => rowCount(deps, t);
    const revoked = await deps.db.db
      .selectFrom('system_user_grant')
      .select('id')
      .where('revoked_at', 'is not', null)
      .execute();
    const systems = await deps.db.db.selectFrom('system').select(['id', 'name', 'services']).orderBy('id').execute();
    return {
      systems,
      clients: await n('system_client'),
      users: await n('system_user'),
      grants: await n('system_user_grant'),
      revoked: revoked.length,
      outbox: await n('outbox'),
      changes: await auditedChanges(deps),
    };
  };

  beforeAll(async () => {
    deps = await demoDeps(engine);
    app = await buildApp(deps);
    client = await addApiClient(deps, { name: 'every service', scope: '*' });
    const ok = expectOk;
    ok(await putMain(call, B, P.anPeeters.number, P.sofieJanssens));
    ok(await putMain(call, V, P.tomMaes.number, P.lotteMartens));
    await appointTeam(call, B, P.sofieJanssens.number, {
      managers: [
        ['finance', P.juliaSchmitz],
        ['mobility', P.marcLambert],
        ['economy', P.karimElAmrani],
      ],
    });
    // the vendor's main registers two systems
    const r = await call('POST', `/api/v1/enterprises/${V}/systems`, P.lotteMartens.number, {
      name: ' PayrollPro ',
      clientIds: ['payrollpro-prod', 'payrollpro-test', 'payrollpro-prod'],
      services: ['finance.biztax', 'finance.intervat'],
    });
    expect(r.statusCode, r.body).toBe(201);
    system = r.json().system;
    expect(system).toMatchObject({
      name: 'PayrollPro',
      vendor: V,
      clientIds: ['payrollpro-prod', 'payrollpro-test'],
      services: ['finance.biztax', 'finance.intervat'],
    });
    // the brewery's own software, registered by the brewery's main (it is a vendor too)
    const o = await call('POST', `/api/v1/enterprises/${B}/systems`, P.sofieJanssens.number, {
      name: 'Brewery ERP',
      clientIds: ['brewery-erp'],
      services: ['finance.biztax'],
    });
    expect(o.statusCode, o.body).toBe(201);
    other = o.json().system;
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('the registry: the vendor lists its systems; anyone logged in finds one by name or client id', async () => {
    const mine = await call('GET', `/api/v1/enterprises/${V}/systems`, P.lotteMartens.number);
    expect(mine.json().systems.map((s: { name: string }) => s.name)).toEqual(['PayrollPro']);
    for (const q of ['payroll', 'payrollpro-test', 'PAYROLLPRO']) {
      const f = await call('GET', `/api/v1/systems?q=${encodeURIComponent(q)}`, P.erikVos.number);
      expect(f.statusCode, f.body).toBe(200);
      expect(f.json().systems.map((s: { id: string }) => s.id)).toEqual([system.id]);
    }
    // LIKE's wildcards are text, not patterns
    const pct = await call('GET', `/api/v1/systems?q=${encodeURIComponent('%%')}`, P.erikVos.number);
    expect(pct.json().systems).toEqual([]);
    const audit = await deps.db.db
      .selectFrom('audit_event')
      .select(['actor', 'enterprise_number', 'action', 'target'])
      .where('action', '=', 'system.registered')
      .where('target', '=', system.id)
      .execute();
    expect(audit).toEqual([
      { actor: P.lotteMartens.number, enterprise_number: V, action: 'system.registered', target: system.id },
    ]);
  });

  it.each([
    // [what, method, path, person, body, status, code]
    [
      'a domain access manager registers',
      'POST',
      () => `/api/v1/enterprises/${B}/systems`,
      P.juliaSchmitz,
      { name: 'X', clientIds: ['x-1'], services: ['finance.biztax'] },
      403,
      'authorization.not_manager',
    ],
    [
      'a stranger registers for the vendor',
      'POST',
      () => `/api/v1/enterprises/${V}/systems`,
      P.sofieJanssens,
      { name: 'X', clientIds: ['x-1'], services: ['finance.biztax'] },
      403,
      'authorization.not_manager',
    ],
    [
      "a client id of another vendor's system",
      'POST',
      () => `/api/v1/enterprises/${B}/systems`,
      P.sofieJanssens,
      { name: 'Copy', clientIds: ['x-2', 'payrollpro-prod'], services: ['finance.biztax'] },
      409,
      'system.client_taken',
    ],
    [
      'an unknown service',
      'POST',
      () => `/api/v1/enterprises/${V}/systems`,
      P.lotteMartens,
      { name: 'X', clientIds: ['x-3'], services: ['finance.nope'] },
      404,
      'catalogue.unknown_service',
    ],
    [
      'a client id with a space',
      'POST',
      () => `/api/v1/enterprises/${V}/systems`,
      P.lotteMartens,
      { name: 'X', clientIds: ['a b'], services: ['finance.biztax'] },
      400,
      'validation.invalid_input',
    ],
    [
      'a name of control characters',
      'POST',
      () => `/api/v1/enterprises/${V}/systems`,
      P.lotteMartens,
      { name: 'a\u0000b', clientIds: ['x-4'], services: ['finance.biztax'] },
      400,
      'validation.invalid_input',
    ],
    [
      'changing a system of another vendor',
      'PATCH',
      () => `/api/v1/enterprises/${B}/systems/${system.id}`,
      P.sofieJanssens,
      { name: 'Mine now' },
      404,
      'system.not_found',
    ],
    [
      "taking another vendor's client id by a change",
      'PATCH',
      () => `/api/v1/enterprises/${B}/systems/${other.id}`,
      P.sofieJanssens,
      { clientIds: ['payrollpro-test'] },
      409,
      'system.client_taken',
    ],
  ] as const)('registry refusal: %s', async (_what, method, path, person, body, status, code) => {
    const before = await state();
    const r = await call(method, path(), person.number, body);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json().code).toBe(code);
    expect(await state()).toEqual(before);
  });

  it('the brewery lets the system act for it and grants it a service, as to a person', async () => {
    const r = await call('POST', `/api/v1/enterprises/${B}/system-users`, P.marcLambert.number, { system: system.id });
    expect(r.statusCode, r.body).toBe(201);
    systemUser = r.json().systemUser.id;
    const g = await call('POST', `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`, P.juliaSchmitz.number, {
      service: 'finance.biztax',
      role: 'declarant',
      validUntil: '2099-12-31',
    });
    // the catalogue's term limit applies as to a person's grant
    expect([201, 400]).toContain(g.statusCode);
    const g2 =
      g.statusCode === 201
        ? g
        : await call('POST', `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`, P.juliaSchmitz.number, {
            service: 'finance.biztax',
            role: 'declarant',
          });
    expect(g2.statusCode, g2.body).toBe(201);
    expect(g2.json().grant).toMatchObject({ service: 'finance.biztax', role: 'declarant', domain: 'finance' });
    const list = await call('GET', `/api/v1/enterprises/${B}/system-users`, P.sofieJanssens.number);
    expect(list.json().systemUsers).toMatchObject([
      {
        id: systemUser,
        system: { id: system.id, name: 'PayrollPro', vendor: V },
        grants: [{ service: 'finance.biztax' }],
      },
    ]);
  });

  it.each([
    // [what, method, path, person, body, status, code]
    [
      'a second system user for the same system',
      'POST',
      () => `/api/v1/enterprises/${B}/system-users`,
      P.sofieJanssens,
      { system: '' },
      409,
      'system_user.already_exists',
    ],
    [
      "wrong enterprise: the vendor's main creates one at the brewery",
      'POST',
      () => `/api/v1/enterprises/${B}/system-users`,
      P.lotteMartens,
      { system: '' },
      403,
      'authorization.not_domain_manager',
    ],
    [
      'an unknown system',
      'POST',
      () => `/api/v1/enterprises/${B}/system-users`,
      P.sofieJanssens,
      { system: '00000000-0000-4000-8000-000000000000' },
      404,
      'system.not_found',
    ],
    [
      "a service outside the system's list",
      'POST',
      () => `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`,
      P.juliaSchmitz,
      { service: 'finance.myminfin-companies' },
      403,
      'system_user.service_not_offered',
    ],
    [
      'an access manager of another domain grants',
      'POST',
      () => `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`,
      P.marcLambert,
      { service: 'finance.intervat' },
      403,
      'authorization.not_domain_manager',
    ],
    [
      'wrong enterprise: the system user of another enterprise',
      'POST',
      () => `/api/v1/enterprises/${V}/system-users/${systemUser}/grants`,
      P.lotteMartens,
      { service: 'finance.intervat' },
      404,
      'system_user.not_found',
    ],
    [
      'the same grant twice',
      'POST',
      () => `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`,
      P.juliaSchmitz,
      { service: 'finance.biztax', role: 'declarant' },
      409,
      'grant.already_exists',
    ],
    [
      'an end before the start',
      'POST',
      () => `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`,
      P.juliaSchmitz,
      { service: 'finance.intervat', validFrom: '2030-01-02', validUntil: '2030-01-01' },
      400,
      'grant.invalid_period',
    ],
    [
      'a stranger reads the list',
      'GET',
      () => `/api/v1/enterprises/${B}/system-users`,
      P.erikVos,
      undefined,
      403,
      'authorization.not_domain_manager',
    ],
    [
      'an access manager ends a system user',
      'DELETE',
      () => `/api/v1/enterprises/${B}/system-users/${systemUser}`,
      P.juliaSchmitz,
      undefined,
      403,
      'authorization.not_manager',
    ],
  ] as const)('system user refusal: %s', async (_what, method, path, person, body, status, code) => {
    const before = await state();
    const payload = body && 'system' in body && body.system === '' ? { system: system.id } : body;
    const r = await call(method, path(), person.number, payload);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json().code).toBe(code);
    expect(await state()).toEqual(before);
  });

  it('the check API answers for the system with the same reasons and chain as for a person', async () => {
    const yes = await check(use('payrollpro-test', 'finance.biztax'));
    expect(yes.statusCode, yes.body).toBe(200);
    expect(yes.json().decision).toBe(true);
    const chain = yes.json().context.chain;
    expect(chain[0]).toMatchObject({
      kind: 'system_user',
      role: 'user:declarant',
      person: null,
      system: system.id,
      systemName: 'PayrollPro',
      vendor: V,
      systemUser,
      clientId: 'payrollpro-test',
    });
    expect(chain.slice(1).map((l: { role: string; person: string }) => [l.role, l.person])).toEqual([
      ['domain', P.juliaSchmitz.number],
      ['main', P.sofieJanssens.number],
      ['legal_representative', P.anPeeters.number],
    ]);
    expect(yes.json().context.reason_admin).toContain('to system PayrollPro');
    const cases: [unknown, string][] = [
      [use('nobody-registered-this', 'finance.biztax'), 'unknown_system'],
      [use('bad id', 'finance.biztax'), 'unknown_system'],
      [use('brewery-erp', 'finance.biztax'), 'no_grant'],
      [use('payrollpro-prod', 'finance.intervat'), 'no_grant'],
      // wrong enterprise: granted at the brewery, asked for the vendor
      [use('payrollpro-prod', 'finance.biztax', V), 'no_grant'],
      [use('payrollpro-prod', 'finance.biztax', E.stopped.number), 'enterprise_stopped'],
      [
        {
          ...use('payrollpro-prod', 'finance.biztax'),
          resource: { type: 'domain', id: 'finance', properties: { enterprise: B } },
          action: { name: 'manage' },
        },
        'unsupported_resource_type',
      ],
    ];
    for (const [body, reason] of cases) {
      const r = await check(body);
      expect(r.json(), JSON.stringify(body)).toMatchObject({ decision: false, context: { reason } });
    }
    // evaluations: systems and persons in one batch
    const batch = await check(
      {
        evaluations: [
          use('payrollpro-prod', 'finance.biztax'),
          use('payrollpro-prod', 'finance.intervat'),
          { ...use(P.sofieJanssens.number, 'finance.biztax'), subject: { type: 'person', id: P.sofieJanssens.number } },
        ],
      },
      'evaluations',
    );
    expect(batch.json().evaluations.map((e: { decision: boolean }) => e.decision)).toEqual([true, false, false]);
    // subject search: every client id of the systems that may; resource search: what and for whom
    const subjects = await check(
      {
        subject: { type: 'system' },
        resource: { type: 'online-service', id: 'finance.biztax', properties: { enterprise: B } },
        action: { name: 'use' },
      },
      'search/subject',
    );
    expect(subjects.json().results).toEqual([
      { type: 'system', id: 'payrollpro-prod' },
      { type: 'system', id: 'payrollpro-test' },
    ]);
    const resources = await check(
      {
        subject: { type: 'system', id: 'payrollpro-prod' },
        resource: { type: 'online-service' },
        action: { name: 'use' },
      },
      'search/resource',
    );
    expect(resources.json().results).toEqual([
      { type: 'online-service', id: 'finance.biztax', properties: { enterprise: B, roles: ['declarant'] } },
    ]);
  });

  it('a revocation and an ended system user are seen by the next check; lapsed power cannot grant', async () => {
    const users = (await call('GET', `/api/v1/enterprises/${B}/system-users`, P.sofieJanssens.number)).json();
    const grant = users.systemUsers[0].grants.find((g: { revokedAt: string | null }) => g.revokedAt === null).id;
    const r = await call(
      'DELETE',
      `/api/v1/enterprises/${B}/system-users/${systemUser}/grants/${grant}`,
      P.juliaSchmitz.number,
    );
    expect(r.statusCode, r.body).toBe(200);
    expect((await check(use('payrollpro-prod', 'finance.biztax'))).json().context.reason).toBe('revoked');
    // Julia stops being the finance access manager: she can no longer grant to the system user
    const removed = await call(
      'DELETE',
      `/api/v1/enterprises/${B}/domains/finance/access-managers/${P.juliaSchmitz.number}`,
      P.sofieJanssens.number,
    );
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    const before = await state();
    const lapsed = await call(
      'POST',
      `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`,
      P.juliaSchmitz.number,
      {
        service: 'finance.intervat',
      },
    );
    expect(lapsed.statusCode, lapsed.body).toBe(403);
    expect(lapsed.json().code).toBe('authorization.not_domain_manager');
    expect(await state()).toEqual(before);
    // the main grants again, then ends the system user: its grants go with it
    const again = await call(
      'POST',
      `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`,
      P.sofieJanssens.number,
      {
        service: 'finance.intervat',
      },
    );
    expect(again.statusCode, again.body).toBe(201);
    expect((await check(use('payrollpro-prod', 'finance.intervat'))).json().decision).toBe(true);
    const ended = await call('DELETE', `/api/v1/enterprises/${B}/system-users/${systemUser}`, P.sofieJanssens.number);
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await check(use('payrollpro-prod', 'finance.intervat'))).json().context.reason).toBe('revoked');
    const actions = await deps.db.db
      .selectFrom('audit_event')
      .select('action')
      .where('target', '=', systemUser)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'system_user.created',
      'system_user.granted',
      'system_user.revoked',
      'system_user.granted',
      'system_user.ended',
    ]);
  });
});
