import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, contact, demoDeps, putMain } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { verifyAudit } from '../infra/audit/audit-log.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { type App, buildApp } from './app.ts';

const en = E.brewery.number;

describe.each(engines)('the delegation chain on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  const call = apiCaller(() => ({ deps, app }));

  beforeAll(async () => {
    deps = await demoDeps(engine);
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('walks the whole chain: LR → HTB → co-HTB and TB → user, visible in /me with its chain', async () => {
    // An LR logged in with a security code must step up first.
    let r = await call(
      'PUT',
      `/api/v1/enterprises/${en}/main-access-manager`,
      P.anPeeters.number,
      { person: P.sofieJanssens.number, ...contact(P.sofieJanssens) },
      'substantial',
    );
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'authentication.insufficient_assurance', needed: 'high' });

    r = await call(
      'PUT',
      `/api/v1/enterprises/0566.988.259/main-access-manager`,
      P.anPeeters.number,
      { person: '90.05.21-048.83', ...contact(P.sofieJanssens) },
      'high',
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().appointment).toMatchObject({
      person: P.sofieJanssens.number,
      kind: 'main',
      procedure: 'standard',
      appointedByRole: 'legal_representative',
    });

    r = await call('POST', `/api/v1/enterprises/${en}/co-main-access-managers`, P.sofieJanssens.number, {
      person: P.karimElAmrani.number,
      ...contact(P.karimElAmrani),
    });
    expect(r.statusCode, r.body).toBe(201);

    r = await call('POST', `/api/v1/enterprises/${en}/domains/finance/access-managers`, P.karimElAmrani.number, {
      person: P.juliaSchmitz.number,
      ...contact(P.juliaSchmitz),
    });
    expect(r.statusCode, r.body).toBe(201);

    r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.juliaSchmitz.number, {
      person: P.tomMaes.number,
      service: 'finance.biztax',
    });
    expect(r.statusCode, r.body).toBe(201);

    const me = (await call('GET', '/api/v1/me', P.tomMaes.number)).json();
    const here = me.enterprises.find((x: { enterprise: string }) => x.enterprise === en);
    expect(here.services[0].service).toBe('finance.biztax');
    expect(here.services[0].chain.map((l: { role: string; person: string }) => [l.role, l.person])).toEqual([
      ['user', P.tomMaes.number],
      ['domain', P.juliaSchmitz.number],
      ['co_main', P.karimElAmrani.number],
      ['main', P.sofieJanssens.number],
      ['legal_representative', P.anPeeters.number],
    ]);

    const managers = (await call('GET', `/api/v1/enterprises/${en}/access-managers`, P.lucDubois.number)).json();
    expect(managers.main.person).toBe(P.sofieJanssens.number);
    expect(managers.coMain.map((m: { person: string }) => m.person)).toEqual([P.karimElAmrani.number]);
    expect(managers.domains.finance.map((m: { person: string }) => m.person)).toEqual([P.juliaSchmitz.number]);
  });

  it('refuses what the rules refuse', async () => {
    // a co-HTB may not appoint co-HTBs
    let r = await call('POST', `/api/v1/enterprises/${en}/co-main-access-managers`, P.karimElAmrani.number, {
      person: P.juliaSchmitz.number,
      ...contact(P.juliaSchmitz),
    });
    expect(r.json().code).toBe('authorization.not_main_access_manager');
    // a TB of finance may not grant mobility
    r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.juliaSchmitz.number, {
      person: P.tomMaes.number,
      service: 'mobility.vehicle-registration',
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('authorization.not_domain_manager');
    // an ineligible appointee (neither employee nor LR)
    r = await call(
      'PUT',
      `/api/v1/enterprises/${en}/main-access-manager`,
      P.anPeeters.number,
      { person: P.tomMaes.number, ...contact(P.tomMaes) },
      'high',
    );
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      code: 'appointment.not_eligible',
      reason: 'not_employee_nor_legal_representative',
    });
    // an LR whose function has ended has no powers
    r = await call(
      'PUT',
      `/api/v1/enterprises/${en}/main-access-manager`,
      P.erikVos.number,
      { person: P.karimElAmrani.number, ...contact(P.karimElAmrani) },
      'high',
    );
    expect(r.json().code).toBe('authorization.not_legal_representative');
    // an LR of a stopped enterprise has no powers
    r = await call(
      'PUT',
      `/api/v1/enterprises/${E.stopped.number}/main-access-manager`,
      P.erikVos.number,
      { person: P.erikVos.number, ...contact(P.erikVos) },
      'high',
    );
    expect(r.json().code).toBe('enterprise.stopped');
    // nobody manages another enterprise
    r = await call('POST', `/api/v1/enterprises/${E.newSeries.number}/grants`, P.sofieJanssens.number, {
      person: P.tomMaes.number,
      service: 'finance.biztax',
    });
    expect(r.statusCode).toBe(403);
    // an end date in the past
    r = await call('POST', `/api/v1/enterprises/${en}/domains/mobility/access-managers`, P.sofieJanssens.number, {
      person: P.tomMaes.number,
      ...contact(P.tomMaes),
      validUntil: '2020-01-01',
    });
    expect(r.json().code).toBe('appointment.end_date_in_past');
    // without a token
    r = await call('GET', '/api/v1/me', null);
    expect(r.statusCode).toBe(401);
    // a bad number is a 400 and changes nothing
    const before = await verifyAudit(deps.db.db);
    r = await call('POST', `/api/v1/enterprises/${en}/grants`, P.sofieJanssens.number, {
      person: '85073003329',
      service: 'finance.biztax',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('identifier.invalid_person_number');
    expect((await verifyAudit(deps.db.db)).events).toBe(before.events);
  });

  it('replacing the HTB ends the old appointment and keeps what it appointed', async () => {
    const r = await putMain(call, en, P.lucDubois.number, P.lucDubois);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().replaced.person).toBe(P.sofieJanssens.number);
    const managers = (await call('GET', `/api/v1/enterprises/${en}/access-managers`, P.lucDubois.number)).json();
    expect(managers.main.person).toBe(P.lucDubois.number);
    expect(managers.coMain).toHaveLength(1);
    // Sofie lost her powers
    const s = await call('POST', `/api/v1/enterprises/${en}/co-main-access-managers`, P.sofieJanssens.number, {
      person: P.juliaSchmitz.number,
      ...contact(P.juliaSchmitz),
    });
    expect(s.statusCode).toBe(403);
  });

  it('revokes immediately, audits every change in a verifying chain, and queues mails', async () => {
    const list = (await call('GET', `/api/v1/enterprises/${en}/grants?domain=finance`, P.juliaSchmitz.number)).json();
    expect(list.items).toHaveLength(1);
    const r = await call('DELETE', `/api/v1/enterprises/${en}/grants/${list.items[0].id}`, P.juliaSchmitz.number);
    expect(r.statusCode, r.body).toBe(200);
    const me = (await call('GET', '/api/v1/me', P.tomMaes.number)).json();
    expect(me.enterprises.find((x: { enterprise: string }) => x.enterprise === en)).toBeUndefined();
    const audit = (await call('GET', `/api/v1/enterprises/${en}/audit`, P.anPeeters.number)).json();
    const actions: string[] = audit.items.map((i: { action: string }) => i.action);
    // issue 13: the refused attempts on the brewery are in its history too, beside its changes
    expect(actions).toContain('security.refused');
    expect(actions.filter((a) => !a.startsWith('security.'))).toEqual([
      'grant.revoked',
      'main_access_manager.replaced',
      'grant.created',
      'access_manager.appointed',
      'co_main_access_manager.appointed',
      'main_access_manager.appointed',
    ]);
    expect((await verifyAudit(deps.db.db)).ok).toBe(true);
    const changes = await deps.db.db
      .selectFrom('audit_event')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('action', 'not like', 'security.%')
      .executeTakeFirstOrThrow();
    expect(Number(changes.n)).toBe(6);
    const mails = await deps.db.db.selectFrom('outbox').select(['payload']).where('channel', '=', 'mail').execute();
    expect(mails.length).toBeGreaterThanOrEqual(6);
    const csv = await call('GET', `/api/v1/enterprises/${en}/audit?format=csv`, P.anPeeters.number);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'seq,at,atBrussels,actor,actorRole,action,target,procedure,before,after,requestId',
    );
    // the instant, and the Brussels wall-clock time of it (the test clock is 09:00 UTC in November)
    expect(csv.body.split('\r\n')[1]).toMatch(/^"\d+","2026-11-28T09:00:\d\d\.\d{3}Z","2026-11-28 10:00:\d\d",/);
  });
});
