/**
 * Issue 18, section 2: the service desk ends a system registered with someone else's client ids
 * (or compromised), on SQLite and PostgreSQL: its system users end at every enterprise, the check
 * no longer knows its client ids, the ids are free for the real vendor, and the reason is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, basicAuth, demoDeps, expectOk, putMain, systemUse } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { endSystemFromCli } from '../app/system-users/end-system.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { type App, buildApp } from './app.ts';

const B = E.brewery.number;
const V = E.accountant.number;

describe.each(engines)('the service desk ends a system on %s (issue 18, section 2)', (engine) => {
  let deps: TestDeps;
  let app: App;
  let client: { clientId: string; clientSecret: string };
  let system: { id: string };
  const call = apiCaller(() => ({ deps, app }), 'high');
  const check = async () =>
    (
      await app.inject({
        method: 'POST',
        url: '/access/v1/evaluation',
        headers: { authorization: basicAuth(client) },
        payload: systemUse('payrollpro-prod', 'finance.biztax', B),
      })
    ).json();
  const changes = async () =>
    (await deps.db.db.selectFrom('audit_event').select('seq').where('action', 'not like', 'security.%').execute())
      .length;

  beforeAll(async () => {
    deps = await demoDeps(engine);
    app = await buildApp(deps);
    client = await addApiClient(deps, { name: 'every service', scope: '*' });
    await addOperator(deps, { person: P.nadiaClaes.number, by: 'test' });
    const ok = expectOk;
    for (const [en, lr, p] of [
      [B, P.anPeeters, P.sofieJanssens],
      [V, P.tomMaes, P.lotteMartens],
    ] as const)
      ok(await putMain(call, en, lr.number, p));
    const s = await call('POST', `/api/v1/enterprises/${V}/systems`, P.lotteMartens.number, {
      name: 'PayrollPro',
      clientIds: ['payrollpro-prod'],
      services: ['finance.biztax'],
    });
    ok(s);
    system = s.json().system;
    const u = await call('POST', `/api/v1/enterprises/${B}/system-users`, P.sofieJanssens.number, {
      system: system.id,
    });
    ok(u);
    ok(
      await call(
        'POST',
        `/api/v1/enterprises/${B}/system-users/${u.json().systemUser.id}/grants`,
        P.sofieJanssens.number,
        {
          service: 'finance.biztax',
        },
      ),
    );
    expect((await check()).decision).toBe(true);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it.each([
    ['not an operator', P.sofieJanssens, { reason: 'Not ours.' }, 403, 'authorization.not_operator'],
    ['without a reason', P.nadiaClaes, { reason: ' ' }, 400, 'validation.invalid_input'],
  ] as const)('refusal: %s', async (_what, person, body, status, code) => {
    const before = await changes();
    const r = await call('POST', `/api/v1/service-desk/systems/${system.id}/end`, person.number, body);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json().code).toBe(code);
    expect(await changes()).toBe(before);
    expect((await check()).decision).toBe(true);
  });

  it('an operator ends it: its system users end, the check no longer knows it, its client ids are free', async () => {
    // an open request of the system to a customer closes with it
    const sent = await call('POST', `/api/v1/enterprises/${V}/systems/${system.id}/requests`, P.lotteMartens.number, {
      enterprise: E.selfEmployed.number,
      services: ['finance.biztax'],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const r = await call('POST', `/api/v1/service-desk/systems/${system.id}/end`, P.nadiaClaes.number, {
      reason: 'Registered with the client ids of another vendor (ticket 2026-118).',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ systemUsersEnded: 1, system: { id: system.id, clientIds: [] } });
    const request = await deps.db.db
      .selectFrom('system_user_request')
      .select(['status', 'decided_by', 'decision_reason'])
      .where('system_id', '=', system.id)
      .executeTakeFirstOrThrow();
    expect(request).toMatchObject({ status: 'withdrawn', decided_by: P.nadiaClaes.number });
    const ended = await deps.db.db
      .selectFrom('audit_event')
      .select('after_json')
      .where('action', '=', 'system.ended')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(ended.after_json ?? '{}').requestsWithdrawn).toEqual([
      { id: expect.any(String), enterprise: E.selfEmployed.number },
    ]);
    // the customer's history shows the request it could have approved withdrawn by the desk, and why
    const atCustomer = await deps.db.db
      .selectFrom('audit_event')
      .select(['actor', 'actor_role', 'target', 'after_json'])
      .where('action', '=', 'system_user_request.withdrawn')
      .where('enterprise_number', '=', E.selfEmployed.number)
      .execute();
    expect(atCustomer.map((a) => ({ ...a, after_json: JSON.parse(a.after_json ?? '{}') }))).toEqual([
      {
        actor: P.nadiaClaes.number,
        actor_role: 'service_desk',
        target: sent.json().request.id,
        after_json: {
          vendor: V,
          system: system.id,
          reason: 'Registered with the client ids of another vendor (ticket 2026-118).',
          by: P.nadiaClaes.number,
          systemEnded: true,
        },
      },
    ]);
    const no = await check();
    expect(no.decision).toBe(false);
    const audit = await deps.db.db
      .selectFrom('audit_event')
      .select(['action', 'enterprise_number', 'actor', 'actor_role'])
      .where('action', 'in', ['system.ended', 'system_user.ended'])
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'system_user.ended', enterprise_number: B, actor: P.nadiaClaes.number, actor_role: 'service_desk' },
      { action: 'system.ended', enterprise_number: V, actor: P.nadiaClaes.number, actor_role: 'service_desk' },
    ]);
    // the real vendor registers the client id now
    const mine = await call('POST', `/api/v1/enterprises/${B}/systems`, P.sofieJanssens.number, {
      name: 'The real PayrollPro',
      clientIds: ['payrollpro-prod'],
      services: ['finance.biztax'],
    });
    expect(mine.statusCode, mine.body).toBe(201);
    // ended: not found any more, by the desk, the vendor or a customer
    const again = await call('POST', `/api/v1/service-desk/systems/${system.id}/end`, P.nadiaClaes.number, {
      reason: 'twice',
    });
    expect(again.json().code).toBe('system.not_found');
    const add = await call('POST', `/api/v1/enterprises/${B}/system-users`, P.sofieJanssens.number, {
      system: system.id,
    });
    expect(add.json().code).toBe('system.not_found');
  });

  it('`btb operator end-system` does the same on the server, audited as the administrator', async () => {
    const s = await call('POST', `/api/v1/enterprises/${V}/systems`, P.lotteMartens.number, {
      name: 'Leaked',
      clientIds: ['leaked-1'],
      services: ['finance.biztax'],
    });
    const sent = await call(
      'POST',
      `/api/v1/enterprises/${V}/systems/${s.json().system.id}/requests`,
      P.lotteMartens.number,
      { enterprise: E.selfEmployed.number, services: ['finance.biztax'] },
    );
    expect(sent.statusCode, sent.body).toBe(201);
    const r = await endSystemFromCli(deps, { system: s.json().system.id, reason: 'Its key leaked.', by: 'cli:root' });
    expect(r.systemUsersEnded).toBe(0);
    const atCustomer = await deps.db.db
      .selectFrom('audit_event')
      .select(['actor', 'actor_role'])
      .where('action', '=', 'system_user_request.withdrawn')
      .where('target', '=', sent.json().request.id)
      .where('enterprise_number', '=', E.selfEmployed.number)
      .execute();
    expect(atCustomer).toEqual([{ actor: null, actor_role: 'administrator' }]);
    const a = await deps.db.db
      .selectFrom('audit_event')
      .select(['actor_role', 'after_json'])
      .where('action', '=', 'system.ended')
      .where('target', '=', s.json().system.id)
      .executeTakeFirstOrThrow();
    expect(a.actor_role).toBe('administrator');
    expect(JSON.parse(a.after_json ?? '{}')).toMatchObject({ reason: 'Its key leaked.', by: 'cli:root' });
  });
});
