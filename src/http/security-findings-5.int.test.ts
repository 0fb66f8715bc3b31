/**
 * Review 5 (an attack session), part 1: the desk's decisions, grants and invitations. Each hole
 * has the test that failed before its fix, on SQLite and PostgreSQL. Races run on PostgreSQL with
 * a row lock held from a second connection (test/row-blocker.ts), so that both requests pass
 * their reads before either writes; on SQLite, whose writes are serialised, the same test checks
 * the sequential outcome. Part 2 is security-findings-5-checks.int.test.ts; docs/security.md,
 * "Findings of review 5", lists them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B, OP1, OP2, reviewFiveApp } from '../../test/review-5-app.ts';
import { blockAdvisory, blockRow } from '../../test/row-blocker.ts';
import { engines } from '../../test/test-deps.ts';
import { authHeader } from '../../test/tokens.ts';
import { addOperator } from '../app/exception/manage-operators.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';

describe.each(engines)('security review 5, part 1, on %s', (engine) => {
  const h = reviewFiveApp(engine);
  const { call, ok, audits, refusedCodes, mailsTo } = h;
  beforeAll(h.start);
  afterAll(h.stop);

  it('finding 1: two operators deciding one "this was not us" report at once: one wins, the other gets 409 and changes nothing', async () => {
    const appointmentId = await h.coMain(P.karimElAmrani);
    const report = ok(await h.report(appointmentId)).json().report;
    const decide = (operator: string, decision: string) =>
      call('POST', `/api/v1/service-desk/appointment-reports/${report.id}/decision`, operator, {
        decision,
        reason: 'Checked the documents with the notary.',
      });
    const blocker = await blockRow(h.deps, 'appointment_report', 'id', report.id);
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
    const row = await h.deps.db.db
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
  // held already: reporting authorizes first, and authorizeIn locks the enterprise row on PostgreSQL.
  // The race is held at that row: both reports wait there, and one goes first once it is released.
  // (It was held at the appointment's row, which reporting never locks: both reports had finished,
  // one after the other, before the blocker counted anyone, and the test waited its 30 s for nothing.)
  it('finding 1, attacked again: two legal representatives reporting one appointment at once open one report', async () => {
    const appointmentId = await h.coMain(P.juliaSchmitz);
    const report = (lr: string) => h.report(appointmentId, lr);
    const blocker = await blockRow(h.deps, 'enterprise', 'number', B);
    const racing = [report(P.anPeeters.number), report(P.lucDubois.number)];
    expect(await blocker.waitForWaiters(2)).toBe(h.deps.db.engine === 'postgres' ? 2 : 0);
    await blocker.release();
    const answers = await Promise.all(racing);
    expect(answers.map((r) => r.statusCode).sort(), answers.map((r) => r.body).join('\n')).toEqual([201, 409]);
    expect(answers.find((r) => r.statusCode === 409)!.json().code).toBe('appointment_report.already_open');
    const open = await h.deps.db.db
      .selectFrom('appointment_report')
      .select('id')
      .where('appointment_id', '=', appointmentId)
      .execute();
    expect(open).toHaveLength(1);
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
    const blocker = await blockRow(h.deps, 'access_grant', 'id', id);
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
    const row = await h.deps.db.db
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
      await h.deps.db.db.selectFrom('audit_event').select(['action', 'after_json', 'before_json']).execute()
    )
      .filter((e) => (e.before_json ?? '').includes(id) || (e.after_json ?? '').includes(id))
      .map((e) => e.action);
    expect(events.filter((a) => a.startsWith('grant.') && a !== 'grant.created')).toEqual(['grant.revoked']);
  });
  describe('findings 3 and 4: the desk links an eIDAS person to a Belgian number', () => {
    const { proposeLink: proposeAs, decideLink: decideAs } = h;
    const linkRows = async () =>
      h.deps.db.db.selectFrom('person_link').select(['id', 'status', 'person_number']).orderBy('id').execute();

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
        await addOperator(h.deps, { person: 'NL/BE/Desk-3' });
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
      h.deps.db.db
        .selectFrom('invitation')
        .select(['token_hash', 'expires_at', 'accepted_at', 'revoked_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    it.each([
      [
        'accepted',
        async (i: { token: string; email: string }) =>
          ok(
            await h.app.inject({
              method: 'POST',
              url: `/api/v1/invitations/${i.token}/accept`,
              headers: await authHeader(h.deps, P.marcLambert.number, 'substantial', {
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
          h.deps.db.db
            .updateTable('invitation')
            .set({ expires_at: new Date(h.deps.clock.now().getTime() - 1000).toISOString() })
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
      const blocker = await blockRow(h.deps, 'invitation', 'id', i.id);
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
});

describe.each(engines)('security review 5, part 1, four eyes off, on %s', (engine) => {
  const h = reviewFiveApp(engine, { EXCEPTION_FOUR_EYES: 'false' });
  beforeAll(h.start);
  afterAll(h.stop);

  it('finding 4: two operators linking one number to two eIDAS identifiers at once: one wins, the other gets 409', async () => {
    const number = P.tomMaes.number;
    const link = (operator: string, eidasId: string) => h.proposeLink(operator, eidasId, number);
    const blocker = await blockAdvisory(h.deps, `person_link:${number}`);
    const racing = [link(OP1, 'PT/BE/RACE-A'), link(OP2, 'PT/BE/RACE-B')];
    // without the lock on the number both go through at once, and both link
    await blocker.waitForWaiters(2);
    await blocker.release();
    const answers = await Promise.all(racing);
    expect(answers.map((r) => r.statusCode).sort(), answers.map((r) => r.body).join('\n')).toEqual([201, 409]);
    expect(answers.find((r) => r.statusCode === 409)!.json().code).toBe('person_link.number_in_use');
    const links = await h.deps.db.db
      .selectFrom('person_link')
      .select('status')
      .where('person_number', '=', number)
      .execute();
    expect(links.map((l) => l.status)).toEqual(['linked']);
  });
});
