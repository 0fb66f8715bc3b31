/**
 * Review 5 (an attack session): eight holes, each with the test that failed before its fix, on
 * SQLite and PostgreSQL. Races run on PostgreSQL with a row lock held from a second connection
 * (test/row-blocker.ts), so that both requests pass their reads before either writes; on SQLite,
 * whose writes are serialised, the same test checks the sequential outcome. docs/security.md,
 * "Findings of review 5", lists them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockRow } from '../../test/row-blocker.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { addApiClient } from '../app/manage-api-clients.ts';
import { registerAudience } from '../app/register-effects.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type App, buildApp } from './app.ts';

const B = E.brewery.number;
const OP1 = P.nadiaClaes.number;
const OP2 = P.ilseJacobs.number;
const contact = (p: { email: string }) => ({ email: p.email, phone: '+32 2 123 45 67' });
type Loa = 'low' | 'substantial' | 'high';

describe.each(engines)('security review 5 on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let client: { clientId: string; clientSecret: string };
  const call = async (method: string, url: string, person: string, body?: unknown, loa: Loa = 'substantial') =>
    app.inject({
      method: method as 'GET',
      url,
      headers: await authHeader(deps, person, loa),
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  const ok = <T extends { statusCode: number; body: string }>(r: T): T => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r;
  };
  const audits = async (action: string) =>
    (await deps.db.db.selectFrom('audit_event').select('after_json').where('action', '=', action).execute()).map(
      (r) => JSON.parse(r.after_json ?? '{}') as Record<string, unknown>,
    );
  const refusedCodes = async () => (await audits('security.refused')).map((a) => a.code);
  const mailsTo = async (template: string) =>
    (await deps.db.db.selectFrom('outbox').select('payload').where('channel', '=', 'mail').execute())
      .map((r) => JSON.parse(r.payload) as { to: string; template: string; params: Record<string, unknown> })
      .filter((m) => m.template === template);
  const evaluate = async (subject: { type: string; id: string }, service: string, properties: object) =>
    (
      await app.inject({
        method: 'POST',
        url: '/access/v1/evaluation',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        },
        payload: { subject, resource: { type: 'online-service', id: service, properties }, action: { name: 'use' } },
      })
    ).json() as { decision: boolean; context: { reason_admin: string; reason?: string } };

  beforeAll(async () => {
    deps = await makeTestDeps(engine, { EXCEPTION_FOUR_EYES: 'true' });
    await seedDemo(deps);
    await addOperator(deps, { person: OP1 });
    await addOperator(deps, { person: OP2 });
    client = await addApiClient(deps, { name: 'every service', scope: '*' });
    app = await buildApp(deps);
    ok(
      await call(
        'PUT',
        `/api/v1/enterprises/${B}/main-access-manager`,
        P.anPeeters.number,
        { person: P.sofieJanssens.number, ...contact(P.sofieJanssens) },
        'high',
      ),
    );
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('finding 1: two operators deciding one "this was not us" report at once: one wins, the other gets 409 and changes nothing', async () => {
    const co = ok(
      await call('POST', `/api/v1/enterprises/${B}/co-main-access-managers`, P.sofieJanssens.number, {
        person: P.karimElAmrani.number,
        ...contact(P.karimElAmrani),
      }),
    ).json();
    const appointmentId = (co.appointment ?? co).id as string;
    const report = ok(
      await call(
        'POST',
        `/api/v1/enterprises/${B}/appointments/${appointmentId}/reports`,
        P.anPeeters.number,
        { reason: 'We never appointed this person.' },
        'high',
      ),
    ).json().report;
    const decide = (operator: string, decision: string) =>
      call('POST', `/api/v1/service-desk/appointment-reports/${report.id}/decision`, operator, {
        decision,
        reason: 'Checked the documents with the notary.',
      });
    const blocker = await blockRow(deps, 'appointment_report', 'id', report.id);
    const racing = [decide(OP1, 'end'), decide(OP2, 'restore')];
    expect(await blocker.waitForWaiters(2)).toBeGreaterThanOrEqual(engine === 'postgres' ? 2 : 0);
    await blocker.release();
    const answers = await Promise.all(racing);
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes, answers.map((r) => r.body).join('\n')).toEqual([200, 409]);
    const loser = answers.find((r) => r.statusCode === 409)!;
    expect(loser.json().code).toBe('appointment_report.wrong_state');
    const winner = answers.find((r) => r.statusCode === 200)!.json().report.status as string;
    const decisions = [
      ...(await audits('appointment.report_restored')),
      ...(await audits('appointment.report_upheld')),
    ];
    expect(decisions).toHaveLength(1);
    const row = await deps.db.db
      .selectFrom('appointment')
      .select(['ended_at', 'end_reason'])
      .where('id', '=', appointmentId)
      .executeTakeFirstOrThrow();
    // the appointment is as the winner left it: ended after an upheld report, running after a restore
    expect(row.ended_at === null).toBe(winner === 'restored');
    // one decision told the reporter, and the loser's refusal is audited
    expect(await mailsTo('appointment_report_decided')).toHaveLength(1);
    expect(await refusedCodes()).toContain('appointment_report.wrong_state');
  });
  it.each([
    ['an extension', { validUntil: '2027-03-31' }],
    ['a change of establishment units', { establishments: [E.brewery.establishments[0].number] }],
    ['a second revocation', null],
  ])('finding 2: %s racing a revocation does not touch the revoked grant: 409, nothing changes', async (_, patch) => {
    const granted = ok(
      await call('POST', `/api/v1/enterprises/${B}/grants`, P.sofieJanssens.number, {
        person: P.juliaSchmitz.number,
        service: 'finance.biztax',
      }),
    ).json();
    const id = (granted.grant ?? granted).id as string;
    const url = `/api/v1/enterprises/${B}/grants/${id}`;
    const blocker = await blockRow(deps, 'access_grant', 'id', id);
    // the revocation queues first, the change second: the change must find the grant revoked
    const revoke = call('DELETE', url, P.sofieJanssens.number);
    if (engine === 'postgres') expect(await blocker.waitForWaiters(1)).toBe(1);
    else await revoke; // SQLite serialises writes: the change simply comes second
    const change = patch
      ? call('PATCH', url, P.sofieJanssens.number, patch)
      : call('DELETE', url, P.sofieJanssens.number);
    expect(await blocker.waitForWaiters(2)).toBeGreaterThanOrEqual(engine === 'postgres' ? 2 : 0);
    await blocker.release();
    const [revoked, changed] = await Promise.all([revoke, change]);
    expect(revoked.statusCode, revoked.body).toBeLessThan(300);
    // on SQLite the change comes second and finds no current grant (404, as for any revoked grant)
    expect([409, 404]).toContain(changed.statusCode);
    expect(changed.json().code).toBe(changed.statusCode === 409 ? 'grant.concurrent_change' : 'grant.not_found');
    const row = await deps.db.db
      .selectFrom('access_grant')
      .select(['valid_until', 'establishments', 'revoked_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    expect({ until: row.valid_until, units: row.establishments ?? null }).toEqual({
      until: (granted.grant ?? granted).validUntil ?? null,
      units: null,
    });
    const events = (
      await deps.db.db.selectFrom('audit_event').select(['action', 'after_json', 'before_json']).execute()
    )
      .filter((e) => (e.before_json ?? '').includes(id) || (e.after_json ?? '').includes(id))
      .map((e) => e.action);
    expect(events.filter((a) => a.startsWith('grant.') && a !== 'grant.created')).toEqual(['grant.revoked']);
  });
  describe('findings 3 and 4: the desk links an eIDAS person to a Belgian number', () => {
    const links = '/api/v1/service-desk/person-links';
    const as = async (operator: string, claims: Record<string, unknown> = {}) =>
      authHeader(deps, operator, 'substantial', claims);
    const proposeAs = async (operator: string, eidasId: string, personNumber: string, claims = {}) =>
      app.inject({
        method: 'POST',
        url: links,
        headers: await as(operator, claims),
        payload: { eidasId, personNumber, reason: 'Checked the passport at the desk.' },
      });
    const decideAs = async (operator: string, id: string, decision = 'confirm', claims = {}) =>
      app.inject({
        method: 'POST',
        url: `${links}/${id}/decisions`,
        headers: await as(operator, claims),
        payload: { decision },
      });
    const linkRows = async () =>
      deps.db.db.selectFrom('person_link').select(['id', 'status', 'person_number']).orderBy('id').execute();

    it.each([
      ['their own number as the Belgian number', 'FR/BE/OWN1', OP1, {}],
      ['their own number in another spelling', 'FR/BE/OWN2', ' 83.08.25-106.70 ', {}],
      [
        'their own eIDAS identifier (an operator known by one)',
        ' nl / be / Desk-3 ',
        P.tomMaes.number,
        { foreign_id: 'NL/BE/Desk-3' },
      ],
    ])(
      'finding 3: an operator cannot propose a link with %s: 403, nothing changes, audited',
      async (_, eidasId, number, claims) => {
        await addOperator(deps, { person: 'NL/BE/Desk-3' });
        const before = await linkRows();
        const r = await proposeAs('foreign_id' in claims ? '' : OP1, eidasId, number, claims);
        expect(r.statusCode, r.body).toBe(403);
        expect(r.json().code).toBe('exception.conflict_of_interest');
        expect(await linkRows()).toEqual(before);
        expect((await refusedCodes()).filter((c) => c === 'exception.conflict_of_interest').length).toBeGreaterThan(0);
      },
    );

    it('finding 3: an operator cannot confirm (nor reject) a link to their own number proposed by a colleague', async () => {
      const proposed = await proposeAs(OP2, 'NL/BE/ABC123', OP1);
      expect(proposed.statusCode, proposed.body).toBe(201);
      for (const decision of ['confirm', 'reject']) {
        const r = await decideAs(OP1, proposed.json().id, decision);
        expect(r.statusCode, r.body).toBe(403);
        expect(r.json().code).toBe('exception.conflict_of_interest');
      }
      expect((await linkRows()).find((l) => l.id === proposed.json().id)?.status).toBe('proposed');
    });

    it('finding 4: a Belgian number that holds rights or is linked already cannot be linked: 409, nothing changes', async () => {
      // an active grant of its own
      ok(
        await call('POST', `/api/v1/enterprises/${B}/grants`, P.sofieJanssens.number, {
          person: P.jonasWillems.number,
          service: 'finance.biztax',
        }),
      );
      // linked (proposed, then confirmed by a second operator) to another eIDAS identifier
      const first = await proposeAs(OP1, 'IT/BE/FIRST', P.lotteMartens.number);
      expect(first.statusCode, first.body).toBe(201);
      expect((await decideAs(OP2, first.json().id)).statusCode).toBe(200);
      // proposed for another eIDAS identifier, not yet confirmed
      expect((await proposeAs(OP1, 'IT/BE/PENDING', P.emmaWouters.number)).statusCode).toBe(201);
      for (const [why, number] of [
        ['an active main appointment', P.sofieJanssens.number],
        ['an active grant', P.jonasWillems.number],
        ['a link to another eIDAS identifier', P.lotteMartens.number],
        [
          'a proposed link from another eIDAS identifier',
          ` ${P.emmaWouters.number.slice(0, 6)}.${P.emmaWouters.number.slice(6)}`,
        ],
      ] as const) {
        const before = await linkRows();
        const r = await proposeAs(OP1, 'ES/BE/SECOND', number);
        expect(r.statusCode, `${why}: ${r.body}`).toBe(409);
        expect(r.json().code, why).toBe('person_link.number_in_use');
        expect(await linkRows(), why).toEqual(before);
      }
      // a number without rights in btb (a legal representative on the register only) links
      const free = await proposeAs(OP1, 'ES/BE/SECOND', P.tomMaes.number);
      expect(free.statusCode, free.body).toBe(201);
      // ... but not once it got a grant between the proposal and the confirmation
      ok(
        await call('POST', `/api/v1/enterprises/${B}/grants`, P.sofieJanssens.number, {
          person: P.tomMaes.number,
          service: 'finance.biztax',
        }),
      );
      const late = await decideAs(OP2, free.json().id);
      expect(late.statusCode, late.body).toBe(409);
      expect(late.json().code).toBe('person_link.number_in_use');
      expect((await linkRows()).find((l) => l.id === free.json().id)?.status).toBe('proposed');
    });
  });
  describe('finding 7: resending an invitation that is no longer open', () => {
    let n = 0;
    const invite = async () => {
      const email = `resend${++n}@example.be`;
      const r = await call('POST', `/api/v1/enterprises/${B}/grants`, P.sofieJanssens.number, {
        email,
        service: 'finance.intervat',
      });
      expect(r.statusCode, r.body).toBe(202);
      const link = String((await mailsTo('invitation')).find((m) => m.to === email)!.params.link);
      return { id: r.json().invitation.id as string, token: link.split('/invitations/')[1]!, email };
    };
    const resend = (id: string) =>
      call('POST', `/api/v1/enterprises/${B}/invitations/${id}/resend`, P.sofieJanssens.number);
    const state = async (id: string) =>
      deps.db.db
        .selectFrom('invitation')
        .select(['token_hash', 'expires_at', 'accepted_at', 'revoked_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    it.each([
      [
        'accepted',
        async (i: { token: string; email: string }) =>
          ok(
            await app.inject({
              method: 'POST',
              url: `/api/v1/invitations/${i.token}/accept`,
              headers: await authHeader(deps, P.marcLambert.number, 'substantial', {
                email: i.email,
                email_verified: true,
              }),
            }),
          ),
      ],
      [
        'cancelled',
        async (i: { id: string }) =>
          ok(await call('DELETE', `/api/v1/enterprises/${B}/invitations/${i.id}`, P.sofieJanssens.number)),
      ],
      [
        'expired',
        async (i: { id: string }) =>
          deps.db.db
            .updateTable('invitation')
            .set({ expires_at: new Date(deps.clock.now().getTime() - 1000).toISOString() })
            .where('id', '=', i.id)
            .execute(),
      ],
    ] as const)('an invitation %s is not resent: 409 naming its state, no mail, no new link', async (st, close) => {
      const i = await invite();
      await close(i as never);
      const before = await state(i.id);
      const mails = (await mailsTo('invitation')).length;
      const r = await resend(i.id);
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json()).toMatchObject({ code: 'invitation.not_open', state: st });
      expect(await state(i.id)).toEqual(before);
      expect((await mailsTo('invitation')).length).toBe(mails);
      expect(await refusedCodes()).toContain('invitation.not_open');
    });

    it('a resend racing a cancellation does not send a fresh link for the cancelled invitation', async () => {
      const i = await invite();
      const mails = (await mailsTo('invitation')).length;
      const blocker = await blockRow(deps, 'invitation', 'id', i.id);
      const cancel = call('DELETE', `/api/v1/enterprises/${B}/invitations/${i.id}`, P.sofieJanssens.number);
      if (engine === 'postgres') expect(await blocker.waitForWaiters(1)).toBe(1);
      else await cancel;
      const again = resend(i.id);
      if (engine === 'postgres') expect(await blocker.waitForWaiters(2)).toBe(2);
      await blocker.release();
      const [cancelled, resent] = await Promise.all([cancel, again]);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(resent.statusCode, resent.body).toBe(409);
      expect(resent.json()).toMatchObject({ code: 'invitation.not_open', state: 'cancelled' });
      expect((await mailsTo('invitation')).length).toBe(mails);
      const row = await state(i.id);
      expect(row.revoked_at).not.toBeNull();
    });
  });
  it('finding 6: the mail that the main or co-mains changed goes to the current legal representatives only', async () => {
    // besides An and Luc (current), the register lists Erik (ended 2014), Lotte (ended yesterday)
    // and Ilse (starts tomorrow); the clock's Brussels day is 2026-11-28
    await deps.db.db
      .insertInto('legal_function')
      .values([
        {
          enterprise_number: B,
          person_number: P.lotteMartens.number,
          function_code: '10012',
          start_date: '2020-01-01',
          end_date: '2026-11-27',
        },
        {
          enterprise_number: B,
          person_number: P.ilseJacobs.number,
          function_code: '10012',
          start_date: '2026-11-29',
          end_date: null,
        },
      ])
      .execute();
    const before = (await mailsTo('management_changed')).length;
    ok(
      await call('POST', `/api/v1/enterprises/${B}/co-main-access-managers`, P.sofieJanssens.number, {
        person: P.juliaSchmitz.number,
        ...contact(P.juliaSchmitz),
      }),
    );
    const to = (await mailsTo('management_changed'))
      .slice(before)
      .map((m) => m.to)
      .sort();
    expect(to).toEqual([P.anPeeters.email, P.lucDubois.email].sort());
    // the register's own mails (an enterprise stopped, an appointment no longer eligible) likewise
    const audience = await deps.db.unitOfWork((tx) => registerAudience(tx, B, deps.clock.now()));
    const former: string[] = [P.erikVos.email, P.lotteMartens.email, P.ilseJacobs.email];
    expect(audience.map((a) => a.to).filter((a) => former.includes(a))).toEqual([]);
    expect(audience.map((a) => a.to)).toEqual(expect.arrayContaining([P.anPeeters.email, P.lucDubois.email]));
    await deps.db.db
      .deleteFrom('legal_function')
      .where('person_number', 'in', [P.lotteMartens.number, P.ilseJacobs.number])
      .execute();
  });
  describe('findings 5 and 8: the check for systems', () => {
    let systemId: string;
    let systemUser: string;
    const clientId = 'review5-erp';
    const asSystem = (service: string, properties: object = {}) =>
      evaluate({ type: 'system', id: clientId }, service, { enterprise: B, ...properties });
    const search = async (path: 'search/subject' | 'search/resource', body: object) =>
      (
        await app.inject({
          method: 'POST',
          url: `/access/v1/${path}`,
          headers: {
            authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
          },
          payload: body,
        })
      ).json();

    beforeAll(async () => {
      const sys = ok(
        await call('POST', `/api/v1/enterprises/${B}/systems`, P.sofieJanssens.number, {
          name: 'Review 5 ERP',
          clientIds: [clientId],
          services: ['finance.biztax', 'finance.intervat'],
        }),
      ).json().system;
      systemId = sys.id;
      systemUser = ok(
        await call('POST', `/api/v1/enterprises/${B}/system-users`, P.sofieJanssens.number, { system: systemId }),
      ).json().systemUser.id;
    });

    it('finding 5: a service the vendor dropped from its system no longer allows, in the check and its searches', async () => {
      for (const service of ['finance.biztax', 'finance.intervat'])
        ok(
          await call('POST', `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`, P.sofieJanssens.number, {
            service,
          }),
        );
      expect((await asSystem('finance.biztax')).decision).toBe(true);
      // the vendor edits its system: it no longer offers biztax
      ok(
        await call('PATCH', `/api/v1/enterprises/${B}/systems/${systemId}`, P.sofieJanssens.number, {
          services: ['finance.intervat'],
        }),
      );
      const dropped = await asSystem('finance.biztax');
      expect(dropped.decision).toBe(false);
      expect(dropped.context.reason_admin).toMatch(/no longer offers|holds no grant/);
      expect((await asSystem('finance.intervat')).decision).toBe(true);
      const subjectQuery = {
        subject: { type: 'system' },
        resource: { type: 'online-service', id: 'finance.biztax', properties: { enterprise: B } },
        action: { name: 'use' },
      };
      const subjects = await search('search/subject', subjectQuery);
      expect(JSON.stringify(subjects)).not.toContain(clientId);
      const resources = await search('search/resource', {
        subject: { type: 'system', id: clientId },
        resource: { type: 'online-service' },
        action: { name: 'use' },
      });
      expect(JSON.stringify(resources)).not.toContain('finance.biztax');
      expect(JSON.stringify(resources)).toContain('finance.intervat');
      // offered again, the grant (never revoked) works again
      ok(
        await call('PATCH', `/api/v1/enterprises/${B}/systems/${systemId}`, P.sofieJanssens.number, {
          services: ['finance.intervat', 'finance.biztax'],
        }),
      );
      expect((await asSystem('finance.biztax')).decision).toBe(true);
      expect(JSON.stringify(await search('search/subject', subjectQuery))).toContain(clientId);
    });

    it('finding 8: a system grant limited to establishment units is honoured exactly as a person grant', async () => {
      const [in1, in2] = E.brewery.establishments.map((x) => x.number);
      const elsewhere = E.selfEmployed.establishments[0].number;
      const person = P.erikVos.number;
      // the system user's grant of intervat, and Erik's, both limited to the first unit
      const stale = await deps.db.db
        .selectFrom('system_user_grant')
        .select('id')
        .where('system_user_id', '=', systemUser)
        .where('revoked_at', 'is', null)
        .execute();
      for (const g of stale)
        ok(
          await call(
            'DELETE',
            `/api/v1/enterprises/${B}/system-users/${systemUser}/grants/${g.id}`,
            P.sofieJanssens.number,
          ),
        );
      const limited = ok(
        await call('POST', `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`, P.sofieJanssens.number, {
          service: 'finance.intervat',
          establishments: [` ${in1!.slice(0, 4)}.${in1!.slice(4, 7)}.${in1!.slice(7)} `],
        }),
      ).json().grant;
      expect(limited.establishments).toEqual([in1]);
      ok(
        await call('POST', `/api/v1/enterprises/${B}/grants`, P.sofieJanssens.number, {
          person,
          service: 'finance.intervat',
          establishments: [in1],
        }),
      );
      // an establishment limit of another enterprise is refused for a system as for a person
      const foreign = await call(
        'POST',
        `/api/v1/enterprises/${B}/system-users/${systemUser}/grants`,
        P.sofieJanssens.number,
        {
          service: 'finance.biztax',
          establishments: [elsewhere],
        },
      );
      expect(foreign.statusCode, foreign.body).toBe(400);
      expect(foreign.json().code).toBe('grant.establishment_other_enterprise');
      const cases: [string, object, boolean, string | undefined][] = [
        ['its unit', { establishment: in1 }, true, undefined],
        [
          'its unit, spelled with dots',
          { establishment: `${in1!.slice(0, 4)}.${in1!.slice(4, 7)}.${in1!.slice(7)}` },
          true,
          undefined,
        ],
        ['another unit of the enterprise', { establishment: in2 }, false, 'establishment_not_granted'],
        ['no unit at all', {}, false, 'establishment_not_granted'],
        ["another enterprise's unit", { establishment: elsewhere }, false, 'establishment_other_enterprise'],
        ['a malformed unit', { establishment: '1234' }, false, 'unknown_establishment'],
        ['a unit as a number', { establishment: Number(in1) }, false, 'unknown_establishment'],
        ['__proto__ as unit', { establishment: '__proto__' }, false, 'unknown_establishment'],
      ];
      for (const [why, props, decision, reason] of cases) {
        const asPerson = await evaluate({ type: 'person', id: person }, 'finance.intervat', {
          enterprise: B,
          ...props,
        });
        const asSys = await asSystem('finance.intervat', props);
        expect({ why, decision: asSys.decision, reason: asSys.context.reason }).toEqual({ why, decision, reason });
        expect({ why, decision: asPerson.decision, reason: asPerson.context.reason }).toEqual({
          why,
          decision,
          reason,
        });
      }
    });
  });
  it.each(['__proto__', 'constructor', 'toString', '%2e%2e', ' '])(
    'attacking the fixes: %j as an id is not found anywhere they touch, and changes nothing',
    async (raw) => {
      const id = encodeURIComponent(raw);
      const snapshot = async () =>
        Promise.all(
          (['appointment_report', 'person_link', 'invitation', 'access_grant', 'system_user_grant'] as const).map(
            async (t) => (await deps.db.db.selectFrom(t).selectAll().execute()).length,
          ),
        );
      const before = await snapshot();
      const tries: [string, string, string, object][] = [
        [OP1, 'POST', `/api/v1/service-desk/appointment-reports/${id}/decision`, { decision: 'end', reason: 'a b c' }],
        [OP1, 'POST', `/api/v1/service-desk/person-links/${id}/decisions`, { decision: 'confirm' }],
        [P.sofieJanssens.number, 'POST', `/api/v1/enterprises/${B}/invitations/${id}/resend`, {}],
        [P.sofieJanssens.number, 'PATCH', `/api/v1/enterprises/${B}/grants/${id}`, { validUntil: '2027-01-31' }],
        [P.sofieJanssens.number, 'DELETE', `/api/v1/enterprises/${B}/grants/${id}`, {}],
      ];
      for (const [who, method, url, body] of tries) {
        const r = await call(method, url, who, method === 'DELETE' ? undefined : body);
        expect([400, 404], `${method} ${url}: ${r.body}`).toContain(r.statusCode);
      }
      expect(await snapshot()).toEqual(before);
    },
  );
});
