/**
 * Issue 18, section 2: a vendor's request to a customer enterprise for a system user, end to end
 * through the API on SQLite and PostgreSQL. The vendor (the accountant's office) asks the brewery
 * to let PayrollPro act for it; the brewery's approvers find it in their inbox and by mail, and
 * approve it (the system user and its grants made by the direct path's use cases) or refuse it;
 * the vendor reads the answer and may withdraw. Every refusal is a table row and changes nothing.
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
  registerSystem,
  rowCount,
  systemUse,
} from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { type App, buildApp } from './app.ts';

const B = E.brewery.number; // the customer
const V = E.accountant.number; // the vendor
const MOB = 'mobility.vehicle-registration';

describe.each(engines)("a vendor's request for a system user on %s (issue 18, section 2)", (engine) => {
  let deps: TestDeps;
  let app: App;
  let client: { clientId: string; clientSecret: string };
  let payroll: { id: string };
  let lite: { id: string };
  let erp: { id: string };
  /** PayrollPro's open request to the brewery: finance.biztax and a mobility service */
  let open: string;
  const call = apiCaller(() => ({ deps, app }));
  const send = (system: string, body: Record<string, unknown>, person = P.lotteMartens.number, vendor = V) =>
    call('POST', `/api/v1/enterprises/${vendor}/systems/${system}/requests`, person, body);
  /** a fingerprint of everything a refusal must leave alone */
  const state = async () => {
    const n = (t: 'system_user_request' | 'system_user' | 'system_user_grant' | 'outbox') => rowCount(deps, t);
    const requests = await deps.db.db
      .selectFrom('system_user_request')
      .select(['id', 'status'])
      .orderBy('id')
      .execute();
    return {
      requests,
      count: await n('system_user_request'),
      users: await n('system_user'),
      grants: await n('system_user_grant'),
      outbox: await n('outbox'),
      changes: await auditedChanges(deps),
    };
  };

  const securityRefused = async () =>
    (await deps.db.db.selectFrom('audit_event').select('seq').where('action', '=', 'security.refused').execute())
      .length;

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
      ],
    });
    const register = (en: string, person: string, name: string, clientIds: string[], services: string[]) =>
      registerSystem(call, en, person, { name, clientIds, services });
    payroll = await register(V, P.lotteMartens.number, 'PayrollPro', ['payrollpro-prod'], ['finance.biztax', MOB]);
    lite = await register(V, P.lotteMartens.number, 'PayrollLite', ['payrolllite'], ['finance.intervat']);
    erp = await register(B, P.sofieJanssens.number, 'Brewery ERP', ['brewery-erp'], ['finance.biztax']);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('the vendor sends; the approvers are told in their language and find it in their inbox', async () => {
    const r = await send(payroll.id, {
      enterprise: B,
      services: [MOB, 'finance.biztax', 'finance.biztax'],
      message: ' Our payroll files your declarations. ',
      validUntil: '2027-06-30',
    });
    expect(r.statusCode, r.body).toBe(201);
    open = r.json().request.id;
    // the main and the access managers of both domains
    expect(r.json().notified).toBe(3);
    expect(r.json().request).toMatchObject({
      system: { id: payroll.id, name: 'PayrollPro', vendor: V },
      enterprise: B,
      services: ['finance.biztax', MOB],
      message: 'Our payroll files your declarations.',
      status: 'open',
      createdBy: P.lotteMartens.number,
    });
    const mails = (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute())
      .map((m) => JSON.parse(m.payload))
      .filter((m) => m.template === 'system_user_request_received');
    expect(mails.map((m) => m.to).sort()).toEqual(
      [P.sofieJanssens.email, P.juliaSchmitz.email, P.marcLambert.email].sort(),
    );
    expect(mails[0].params).toMatchObject({ vendor: V, systemName: 'PayrollPro', enterprise: B });
    expect(mails[0].params.vendorName).toBeTruthy();
    for (const p of [P.sofieJanssens, P.juliaSchmitz, P.marcLambert]) {
      const inbox = await call('GET', `/api/v1/enterprises/${B}/system-user-requests`, p.number);
      expect(inbox.statusCode, inbox.body).toBe(200);
      expect(inbox.json().requests.map((q: { id: string }) => q.id)).toEqual([open]);
    }
    const sent = await call('GET', `/api/v1/enterprises/${V}/sent-system-user-requests`, P.lotteMartens.number);
    expect(sent.json().requests).toMatchObject([{ id: open, status: 'open' }]);
    const audit = await deps.db.db
      .selectFrom('audit_event')
      .select(['actor', 'actor_role', 'enterprise_number', 'target'])
      .where('action', '=', 'system_user_request.sent')
      .orderBy('seq')
      .execute();
    // at both sides: the customer's history shows the request arrive, sent by the vendor's main
    expect(audit).toEqual([
      { actor: P.lotteMartens.number, actor_role: 'main', enterprise_number: V, target: open },
      { actor: P.lotteMartens.number, actor_role: 'vendor:main', enterprise_number: B, target: open },
    ]);
    const history = await call(
      'GET',
      `/api/v1/enterprises/${B}/audit?action=system_user_request.sent`,
      P.sofieJanssens.number,
    );
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().items).toMatchObject([
      {
        target: open,
        actorRole: 'vendor:main',
        after: { vendor: V, system: payroll.id, services: ['finance.biztax', MOB] },
      },
    ]);
  });

  it.each([
    // [what, method, path, person, body, status, code]
    [
      'own enterprise only: the vendor asks itself',
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${payroll.id}/requests`,
      P.lotteMartens,
      { enterprise: V, services: ['finance.biztax'] },
      400,
      'system_user_request.own_enterprise',
    ],
    [
      'a system of another vendor',
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${erp.id}/requests`,
      P.lotteMartens,
      { enterprise: B, services: ['finance.biztax'] },
      404,
      'system.not_found',
    ],
    [
      "a service outside the system's list",
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${lite.id}/requests`,
      P.lotteMartens,
      { enterprise: B, services: ['finance.biztax'] },
      403,
      'system_user.service_not_offered',
    ],
    [
      'a second open request for the same system',
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${payroll.id}/requests`,
      P.lotteMartens,
      { enterprise: B, services: ['finance.biztax'] },
      409,
      'system_user_request.already_open',
    ],
    [
      'an enterprise that has stopped',
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${lite.id}/requests`,
      P.lotteMartens,
      { enterprise: E.stopped.number, services: ['finance.intervat'] },
      422,
      'enterprise.stopped',
    ],
    [
      'a customer access manager sends for the vendor',
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${lite.id}/requests`,
      P.juliaSchmitz,
      { enterprise: B, services: ['finance.intervat'] },
      403,
      'authorization.not_manager',
    ],
    [
      'bad input: no service',
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${lite.id}/requests`,
      P.lotteMartens,
      { enterprise: B, services: [] },
      400,
      'validation.invalid_input',
    ],
    [
      'bad input: a message of control characters',
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${lite.id}/requests`,
      P.lotteMartens,
      { enterprise: B, services: ['finance.intervat'], message: 'a\u0007b' },
      400,
      'validation.invalid_input',
    ],
    [
      'bad input: not an enterprise number',
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${lite.id}/requests`,
      P.lotteMartens,
      { enterprise: '0123456789', services: ['finance.intervat'] },
      400,
      'identifier.invalid_enterprise_number',
    ],
    [
      'bad input: a wished end in the past',
      'POST',
      () => `/api/v1/enterprises/${V}/systems/${lite.id}/requests`,
      P.lotteMartens,
      { enterprise: B, services: ['finance.intervat'], validUntil: '2020-01-01' },
      400,
      'appointment.end_date_in_past',
    ],
    [
      "wrong enterprise: approving through the vendor's path",
      'POST',
      () => `/api/v1/enterprises/${V}/system-user-requests/${open}/approve`,
      P.lotteMartens,
      {},
      404,
      'system_user_request.not_found',
    ],
    [
      'wrong enterprise: a stranger approves',
      'POST',
      () => `/api/v1/enterprises/${B}/system-user-requests/${open}/approve`,
      P.erikVos,
      {},
      403,
      'authorization.not_domain_manager',
    ],
    [
      'a service the approver may not grant',
      'POST',
      () => `/api/v1/enterprises/${B}/system-user-requests/${open}/approve`,
      P.juliaSchmitz,
      {},
      403,
      'authorization.not_domain_manager',
    ],
    [
      'approving a service that was not wished',
      'POST',
      () => `/api/v1/enterprises/${B}/system-user-requests/${open}/approve`,
      P.sofieJanssens,
      { services: ['finance.intervat'] },
      400,
      'validation.invalid_input',
    ],
    [
      'refusing without a reason',
      'POST',
      () => `/api/v1/enterprises/${B}/system-user-requests/${open}/refuse`,
      P.sofieJanssens,
      { reason: '  ' },
      400,
      'validation.invalid_input',
    ],
    [
      "another vendor withdraws the vendor's request",
      'POST',
      () => `/api/v1/enterprises/${B}/sent-system-user-requests/${open}/withdraw`,
      P.sofieJanssens,
      {},
      404,
      'system_user_request.not_found',
    ],
    [
      'a stranger reads the inbox',
      'GET',
      () => `/api/v1/enterprises/${B}/system-user-requests`,
      P.erikVos,
      undefined,
      403,
      'authorization.not_domain_manager',
    ],
    [
      "the customer reads the vendor's sent requests",
      'GET',
      () => `/api/v1/enterprises/${V}/sent-system-user-requests`,
      P.sofieJanssens,
      undefined,
      403,
      'authorization.not_manager',
    ],
  ] as const)('refusal: %s', async (_what, method, path, person, body, status, code) => {
    const before = await state();
    const refusals = await securityRefused();
    const r = await call(method, path(), person.number, body);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json().code).toBe(code);
    expect(await state()).toEqual(before);
    // a refused change (403, 409, 410, 422) is audited at the enterprise the path names (refusal-audit.ts)
    const audited = method !== 'GET' && [403, 409, 410, 422].includes(status);
    expect(await securityRefused()).toBe(refusals + (audited ? 1 : 0));
  });

  it("Julia approves her domain's service: the system user and its grant come from the direct path's use cases", async () => {
    const r = await call(
      'POST',
      `/api/v1/enterprises/${B}/system-user-requests/${open}/approve`,
      P.juliaSchmitz.number,
      {
        services: ['finance.biztax'],
      },
    );
    expect(r.statusCode, r.body).toBe(200);
    const request = r.json().request;
    expect(request).toMatchObject({
      status: 'approved',
      granted: ['finance.biztax'],
      decidedBy: P.juliaSchmitz.number,
    });
    const users = await call('GET', `/api/v1/enterprises/${B}/system-users`, P.sofieJanssens.number);
    expect(users.json().systemUsers).toMatchObject([
      {
        id: request.systemUser,
        system: { id: payroll.id },
        grants: [{ service: 'finance.biztax', grantedBy: P.juliaSchmitz.number }],
      },
    ]);
    // the grant's end is the wished one
    expect(users.json().systemUsers[0].grants[0].validUntil).toMatch(/^2027-06-30T2/);
    const audit = await deps.db.db
      .selectFrom('audit_event')
      .select(['action', 'after_json'])
      .where('action', 'in', ['system_user.created', 'system_user.granted', 'system_user_request.approved'])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'system_user.created',
      'system_user.granted',
      'system_user_request.approved',
    ]);
    for (const a of audit.slice(0, 2)) expect(JSON.parse(a.after_json ?? '{}').systemUserRequest).toBe(open);
    // the check API answers for the system as after the direct path
    const check = await app.inject({
      method: 'POST',
      url: '/access/v1/evaluation',
      headers: { authorization: basicAuth(client) },
      payload: systemUse('payrollpro-prod', 'finance.biztax', B),
    });
    expect(check.json().decision, check.body).toBe(true);
    const sent = await call('GET', `/api/v1/enterprises/${V}/sent-system-user-requests`, P.lotteMartens.number);
    expect(sent.json().requests[0]).toMatchObject({ id: open, status: 'approved', systemUser: request.systemUser });
  });

  it.each([
    ['decided twice: approved, then refused', 'refuse', { reason: 'No.' }, 409, 'system_user_request.closed'],
    ['decided twice: approved again', 'approve', {}, 409, 'system_user_request.closed'],
  ] as const)('refusal: %s', async (_what, verb, body, status, code) => {
    const before = await state();
    const r = await call(
      'POST',
      `/api/v1/enterprises/${B}/system-user-requests/${open}/${verb}`,
      P.sofieJanssens.number,
      body,
    );
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json().code).toBe(code);
    expect(await state()).toEqual(before);
  });

  it('once the system acts for the customer, the vendor cannot ask again', async () => {
    const r = await send(payroll.id, { enterprise: B, services: ['finance.biztax'] });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().code).toBe('system_user.already_exists');
  });

  it('two refusals at once: one decides, the other is told 409 and changes nothing', async () => {
    const r = await send(lite.id, { enterprise: B, services: ['finance.intervat'] });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().request.id;
    const refuse = (p: string, reason: string) =>
      call('POST', `/api/v1/enterprises/${B}/system-user-requests/${id}/refuse`, p, { reason });
    const both = await Promise.all([refuse(P.sofieJanssens.number, 'Not now.'), refuse(P.juliaSchmitz.number, 'No.')]);
    expect(both.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    expect(['system_user_request.closed', 'system_user_request.concurrent_change']).toContain(
      both.find((x) => x.statusCode === 409)!.json().code,
    );
    const refused = await deps.db.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'system_user_request.refused')
      .execute();
    expect(refused).toHaveLength(1);
    // the vendor reads the reason
    const sent = await call('GET', `/api/v1/enterprises/${V}/sent-system-user-requests`, P.lotteMartens.number);
    const mine = sent.json().requests.find((q: { id: string }) => q.id === id);
    expect(mine.status).toBe('refused');
    expect(['Not now.', 'No.']).toContain(mine.reason);
  });

  it('the vendor withdraws; withdrawn, it can no longer be approved', async () => {
    const r = await send(lite.id, { enterprise: B, services: ['finance.intervat'] });
    const id = r.json().request.id;
    const w = await call(
      'POST',
      `/api/v1/enterprises/${V}/sent-system-user-requests/${id}/withdraw`,
      P.lotteMartens.number,
    );
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().request.status).toBe('withdrawn');
    // the customer's history shows the request it could have approved withdrawn by the vendor
    const history = await call(
      'GET',
      `/api/v1/enterprises/${B}/audit?action=system_user_request.withdrawn`,
      P.sofieJanssens.number,
    );
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().items).toMatchObject([
      { target: id, actor: P.lotteMartens.number, actorRole: 'vendor:main', after: { vendor: V, system: lite.id } },
    ]);
    const a = await call(
      'POST',
      `/api/v1/enterprises/${B}/system-user-requests/${id}/approve`,
      P.sofieJanssens.number,
      {},
    );
    expect(a.statusCode, a.body).toBe(409);
    expect(a.json().code).toBe('system_user_request.closed');
  });

  it("lapsed approver power: Marc's appointment ended after the request came in", async () => {
    const r = await send(lite.id, { enterprise: B, services: ['finance.intervat'] });
    const id = r.json().request.id;
    // Marc manages mobility only: the request for a finance service is not his; then he is removed
    const gone = await call(
      'DELETE',
      `/api/v1/enterprises/${B}/domains/mobility/access-managers/${P.marcLambert.number}`,
      P.sofieJanssens.number,
    );
    expect(gone.statusCode, gone.body).toBe(200);
    const before = await state();
    const a = await call(
      'POST',
      `/api/v1/enterprises/${B}/system-user-requests/${id}/approve`,
      P.marcLambert.number,
      {},
    );
    expect(a.statusCode, a.body).toBe(403);
    expect(a.json().code).toBe('authorization.not_domain_manager');
    expect(await state()).toEqual(before);
  });

  it('an expired request is expired everywhere: approving it is refused, and the expiry is written down', async () => {
    const open2 = (await call('GET', `/api/v1/enterprises/${V}/sent-system-user-requests`, P.lotteMartens.number))
      .json()
      .requests.find((q: { status: string }) => q.status === 'open');
    expect(open2).toBeTruthy();
    deps.clock.advance(31 * 86_400_000);
    const inbox = await call('GET', `/api/v1/enterprises/${B}/system-user-requests`, P.sofieJanssens.number);
    expect(inbox.json().requests.find((q: { id: string }) => q.id === open2.id).status).toBe('expired');
    const a = await call(
      'POST',
      `/api/v1/enterprises/${B}/system-user-requests/${open2.id}/approve`,
      P.sofieJanssens.number,
      {},
    );
    expect(a.statusCode, a.body).toBe(409);
    expect(a.json().code).toBe('system_user_request.expired');
    const row = await deps.db.db
      .selectFrom('system_user_request')
      .select('status')
      .where('id', '=', open2.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    const users = await deps.db.db.selectFrom('system_user').select('id').where('system_id', '=', lite.id).execute();
    expect(users).toEqual([]);
  });
});
