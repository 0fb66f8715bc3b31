/**
 * Issue 17, section 2, "who manages us?", through the API on SQLite and PostgreSQL: who may read
 * an enterprise's tree (a table), the legal representatives' mail on every path that changes the
 * main or co-main (a table), "this was not us" → suspension → the check API's reason → the
 * desk's restore or end, and refusals that change nothing and are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, appointTeam, contact, demoDeps, PHONE, putMain } from '../../test/builders.ts';
import { engines, type TestDeps } from '../../test/test-deps.ts';
import { installMainAppointment } from '../app/appoint-main-access-manager.ts';
import { checkAccess } from '../app/check-access.ts';
import { createChecker } from '../app/check-deps.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { type App, buildApp } from './app.ts';

const B = E.brewery.number;
/** the brewery's legal representatives on the register, and the language each reads */
const LRS = { [P.anPeeters.email]: 'nl', [P.lucDubois.email]: 'fr' };
const OPERATOR = P.nadiaClaes.number;

describe.each(engines)('who manages us? on %s (issue 17, section 2)', (engine) => {
  let deps: TestDeps;
  let app: App;
  const call = apiCaller(() => ({ deps, app }));
  const ok = <T extends { statusCode: number; body: string }>(r: T): T => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };
  const mails = async (template: string) =>
    (await deps.db.db.selectFrom('outbox').select(['id', 'payload']).where('channel', '=', 'mail').execute())
      .map((r) => ({
        id: r.id,
        ...(JSON.parse(r.payload) as { to: string; language: string; template: string; params: any }),
      }))
      .filter((m) => m.template === template);
  /** the management_changed mails a step sends */
  const lrMailsOf = async (step: () => Promise<unknown>) => {
    const before = new Set((await mails('management_changed')).map((m) => m.id));
    await step();
    return (await mails('management_changed')).filter((m) => !before.has(m.id));
  };
  const tree = async (person = P.anPeeters.number) =>
    ok(await call('GET', `/api/v1/enterprises/${B}/management-tree`, person)).json();
  const mainId = async () => (await tree()).main?.id as string;
  const appointMain = (person: { number: string; email: string }) => putMain(call, B, P.anPeeters.number, person);
  const appointByException = (person: { number: string; email: string }) =>
    deps.db.unitOfWork((tx) =>
      // what decide-exception-request.ts calls once the desk approved a request on documents
      installMainAppointment(
        tx,
        deps,
        { actor: { personNumber: OPERATOR, loa: 'substantial', means: 'eid', via: 'bearer' } },
        {
          enterprise: B,
          person: person.number,
          email: person.email,
          phone: PHONE,
          procedure: 'exception',
          actorRole: 'service_desk',
          exceptionRequestId: null,
          now: deps.clock.now().toISOString(),
        },
      ),
    );
  const manage = async (person: string) =>
    checkAccess(
      createChecker(deps),
      { client: { id: 't', scope: new Set<string>(), isAll: true }, lang: 'en' },
      {
        subject: { type: 'person', id: person },
        resource: { type: 'domain', id: 'finance', properties: { enterprise: B } },
        action: { name: 'manage' },
      },
    );
  const report = (
    id: string,
    reason: unknown = 'We never appointed this person.',
    person: string = P.anPeeters.number,
    loa: 'substantial' | 'high' = 'high',
  ) => call('POST', `/api/v1/enterprises/${B}/appointments/${id}/reports`, person, { reason }, loa);
  const decide = (
    id: string,
    decision: string,
    reason = 'Checked the documents with the notary.',
    person: string = OPERATOR,
  ) => call('POST', `/api/v1/service-desk/appointment-reports/${id}/decision`, person, { decision, reason });
  const refusals = async () =>
    (
      await deps.db.db
        .selectFrom('audit_event')
        .select(['after_json', 'target', 'enterprise_number'])
        .where('action', '=', 'security.refused')
        .execute()
    ).map((r) => ({
      ...(JSON.parse(r.after_json ?? '{}') as { code: string }),
      target: r.target,
      enterprise: r.enterprise_number,
    }));

  beforeAll(async () => {
    deps = await demoDeps(engine);
    await addOperator(deps, { person: OPERATOR });
    app = await buildApp(deps);
    ok(await appointMain(P.sofieJanssens));
    await appointTeam(call, B, P.sofieJanssens.number, {
      coMains: [P.karimElAmrani],
      managers: [['finance', P.juliaSchmitz]],
    });
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it.each([
    { who: 'legal representative', person: P.anPeeters.number, status: 200 },
    { who: 'main access manager', person: P.sofieJanssens.number, status: 200 },
    { who: 'co-main access manager', person: P.karimElAmrani.number, status: 200 },
    { who: 'access manager (finance)', person: P.juliaSchmitz.number, status: 403 },
    { who: 'stranger (LR of another enterprise)', person: P.tomMaes.number, status: 403 },
    { who: 'service desk operator', person: OPERATOR, status: 403 },
  ])('the tree and its export: $who → $status (refusals audited)', async ({ person, status }) => {
    const before = (await refusals()).length;
    for (const url of ['management-tree', 'management-tree/export?format=csv', 'management-tree/export?format=json']) {
      const r = await call('GET', `/api/v1/enterprises/${B}/${url}`, person);
      expect(r.statusCode, `${url}: ${r.body}`).toBe(status);
    }
    const after = await refusals();
    expect(after.length - before).toBe(status === 403 ? 3 : 0);
    if (status === 403) expect(after.at(-1)).toMatchObject({ code: 'authorization.forbidden', enterprise: B });
  });

  it('shows how each got there, by name, and exports it as CSV and JSON downloads', async () => {
    const t = await tree();
    expect(t.main).toMatchObject({
      name: 'Sofie Janssens',
      byName: 'An Peeters',
      byRole: 'legal_representative',
      procedure: 'standard',
      state: 'active',
    });
    expect(t.coMain[0]).toMatchObject({ name: 'Karim El Amrani', byName: 'Sofie Janssens', byRole: 'main' });
    expect(t.domains.find((d: any) => d.domain === 'finance').managers[0]).toMatchObject({ name: 'Julia Schmitz' });
    expect(t.legalRepresentatives.map((l: any) => l.name).sort()).toEqual(['An Peeters', 'Luc Dubois']);
    const csv = await call('GET', `/api/v1/enterprises/${B}/management-tree/export?format=csv`, P.anPeeters.number);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="management-0566988259-\d{4}-\d\d-\d\d\.csv"$/,
    );
    expect(csv.body.split('\r\n')[0]).toContain('"section"'.slice(1, -1));
    expect(csv.body).toContain(
      '"appointment","main","","","","' +
        P.sofieJanssens.number +
        '","Sofie Janssens","active","standard","An Peeters"',
    );
    const json = await call('GET', `/api/v1/enterprises/${B}/management-tree/export?format=json`, P.anPeeters.number);
    expect(json.headers['content-disposition']).toContain('.json"');
    expect(JSON.parse(json.body).main.name).toBe('Sofie Janssens');
  });

  it.each([
    {
      path: 'co-main appointed (standard)',
      role: 'co_main',
      change: 'appointed',
      act: () =>
        call('POST', `/api/v1/enterprises/${B}/co-main-access-managers`, P.sofieJanssens.number, {
          person: P.juliaSchmitz.number,
          ...contact(P.juliaSchmitz),
        }),
    },
    {
      path: 'co-main removed',
      role: 'co_main',
      change: 'ended',
      act: () =>
        call(
          'DELETE',
          `/api/v1/enterprises/${B}/co-main-access-managers/${P.juliaSchmitz.number}`,
          P.sofieJanssens.number,
        ),
    },
    {
      path: 'co-main made main (replaces the main)',
      role: 'main',
      change: 'appointed',
      act: () => appointMain(P.karimElAmrani),
    },
    {
      path: 'main removed',
      role: 'main',
      change: 'ended',
      act: () => call('DELETE', `/api/v1/enterprises/${B}/main-access-manager`, P.anPeeters.number, undefined, 'high'),
    },
    { path: 'main appointed (standard)', role: 'main', change: 'appointed', act: () => appointMain(P.sofieJanssens) },
    {
      path: 'main replaced by the exception procedure',
      role: 'main',
      change: 'appointed',
      act: () => appointByException(P.karimElAmrani),
    },
  ])('$path: every legal representative is told, in their language', async ({ role, change, act }) => {
    const sent = await lrMailsOf(async () => {
      const r = await act();
      if (r && typeof r === 'object' && 'statusCode' in r) ok(r as never);
    });
    expect(Object.fromEntries(sent.map((m) => [m.to, m.language]))).toEqual(LRS);
    for (const m of sent)
      expect(m.params).toMatchObject({
        role,
        change,
        enterprise: B,
        link: expect.stringContaining(`/enterprises/${B}/management`),
      });
  });

  it('"this was not us" suspends an exception-procedure appointment; the check says why; the desk restores it, or ends it, and the reporter is told', async () => {
    await appointByException(P.sofieJanssens);
    const id = await mainId();
    expect((await manage(P.sofieJanssens.number)).decision).toBe(true);
    const told = await lrMailsOf(async () => {
      const r = ok(await report(id));
      expect(r.json()).toMatchObject({
        report: { suspended: true, status: 'open' },
        appointment: { state: 'suspended_pending_review' },
      });
    });
    expect(told.map((m) => m.params.change)).toEqual(['ended', 'ended']);
    const check = await manage(P.sofieJanssens.number);
    expect(check.decision).toBe(false);
    expect(check.context.reason).toBe('appointment_suspended_pending_review');
    const t = await tree();
    expect(t.main).toBeNull();
    expect(t.suspended[0]).toMatchObject({ id, state: 'suspended_pending_review', isReported: true });

    const list = ok(await call('GET', '/api/v1/service-desk/appointment-reports', OPERATOR)).json().items;
    const mine = list.find((r: any) => r.appointment === id);
    expect(mine).toMatchObject({
      suspended: true,
      name: 'Sofie Janssens',
      reportedByName: 'An Peeters',
      note: 'We never appointed this person.',
    });
    ok(await decide(mine.id, 'restore'));
    expect((await manage(P.sofieJanssens.number)).decision).toBe(true);
    const decided = (await mails('appointment_report_decided')).filter((m) => m.params.decision === 'restore');
    expect(decided.map((m) => [m.to, m.language])).toEqual([[P.anPeeters.email, 'nl']]);
    const audit = await deps.db.db
      .selectFrom('audit_event')
      .select(['actor_role', 'after_json'])
      .where('action', '=', 'appointment.report_restored')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_role).toBe('service_desk');
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({
      decision: 'restore',
      reason: 'Checked the documents with the notary.',
      operator: OPERATOR,
    });

    // reported again: this time the desk ends it for good
    ok(await report(id, 'Still not us.'));
    const again = ok(await call('GET', '/api/v1/service-desk/appointment-reports', OPERATOR))
      .json()
      .items.find((r: any) => r.appointment === id);
    ok(await decide(again.id, 'end', 'The signature on the form was forged.'));
    const ended = await deps.db.db
      .selectFrom('appointment')
      .select(['ended_at', 'end_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(ended.end_reason).toBe('ended_after_report');
    expect((await manage(P.sofieJanssens.number)).context.reason).toBe('appointment_ended');
  });

  it('a standard-procedure appointment is only reported: it keeps working until the desk or a legal representative ends it', async () => {
    ok(await appointMain(P.sofieJanssens));
    const id = await mainId();
    const r = ok(await report(id, 'Not us, we think.'));
    expect(r.json()).toMatchObject({ report: { suspended: false }, appointment: { state: 'active' } });
    expect((await manage(P.sofieJanssens.number)).decision).toBe(true);
    expect((await tree()).main).toMatchObject({ id, isReported: true, state: 'active' });
  });

  it.each([
    {
      why: 'the main access manager is no legal representative',
      act: async (id: string) => report(id, 'x y z', P.sofieJanssens.number),
      status: 403,
      code: 'authorization.not_legal_representative',
    },
    {
      why: 'a legal representative at substantial only',
      act: async (id: string) => report(id, 'x y z', P.anPeeters.number, 'substantial'),
      status: 403,
      code: 'authentication.insufficient_assurance',
    },
    {
      why: 'a stranger',
      act: async (id: string) => report(id, 'x y z', P.tomMaes.number),
      status: 403,
      code: 'authorization.not_legal_representative',
    },
    {
      why: 'an empty reason (after trimming)',
      act: async (id: string) => report(id, '   \n '),
      status: 400,
      code: 'validation.invalid_input',
    },
    {
      why: 'a reason with a right-to-left override (shown reversed to the desk)',
      act: async (id: string) => report(id, 'We never appointed \u202Ethis person'),
      status: 400,
      code: 'validation.invalid_input',
    },
    {
      why: 'a reason with a control character',
      act: async (id: string) => report(id, 'We never\u0007 appointed this person'),
      status: 400,
      code: 'validation.invalid_input',
    },
    {
      why: 'a decision whose reason holds a zero-width joiner',
      act: async () => decide((await openReport()).id, 'end', 'Checked\u200D the documents'),
      status: 400,
      code: 'validation.invalid_input',
    },
    {
      why: 'an appointment of no such id',
      act: async () => report('00000000-0000-4000-8000-000000000000'),
      status: 404,
      code: 'appointment.not_found',
    },
    {
      why: 'a domain access manager (not main or co-main)',
      act: async () => report((await tree()).domains.find((d: any) => d.domain === 'finance').managers[0].id),
      status: 404,
      code: 'appointment.not_found',
    },
    {
      why: 'reported twice',
      act: async (id: string) => report(id),
      status: 409,
      code: 'appointment_report.already_open',
    },
    {
      why: 'the desk list for a non-operator',
      act: async () => call('GET', '/api/v1/service-desk/appointment-reports', P.anPeeters.number),
      status: 403,
      code: 'authorization.not_operator',
    },
    {
      why: 'a decision by a non-operator',
      act: async () => decide((await openReport()).id, 'end', 'x y z', P.anPeeters.number),
      status: 403,
      code: 'authorization.not_operator',
    },
    {
      why: 'an unknown decision',
      act: async () => decide((await openReport()).id, 'delete'),
      status: 400,
      code: 'validation.invalid_input',
    },
    {
      why: 'a decided report',
      act: async () => decide((await decidedReport()).id, 'restore'),
      status: 409,
      code: 'appointment_report.wrong_state',
    },
  ])('refuses $why, changes nothing, audits a refused change', async ({ why, act, status, code }) => {
    const id = await mainId();
    const snapshot = async () => ({
      appointments: await deps.db.db
        .selectFrom('appointment')
        .select(['id', 'ended_at', 'end_reason'])
        .orderBy('id')
        .execute(),
      reports: await deps.db.db.selectFrom('appointment_report').select(['id', 'status']).orderBy('id').execute(),
      mails: (await deps.db.db.selectFrom('outbox').select('id').execute()).length,
    });
    const before = await snapshot();
    const refusedBefore = (await refusals()).length;
    const r = await act(id);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.json().code).toBe(code);
    expect(await snapshot()).toEqual(before);
    const isAudited = (status === 403 || status === 409) && !why.startsWith('the desk list');
    expect((await refusals()).length - refusedBefore).toBe(isAudited ? 1 : 0);
  });
  const openReport = async () =>
    (await call('GET', '/api/v1/service-desk/appointment-reports', OPERATOR)).json().items[0];
  const decidedReport = async () =>
    (await call('GET', '/api/v1/service-desk/appointment-reports?status=upheld', OPERATOR)).json().items[0];
});
