/**
 * Review 6: "read, then decide" races that the enterprise lock of authorizeIn does not cover,
 * because one side does not take it (the register's grace sweep, the service desk). Each test
 * failed on PostgreSQL before its fix. A second connection holds the contested row
 * (test/row-blocker.ts) until both sides wait on it, so both have read before either writes; on
 * SQLite, whose writes are serialised, the same test checks the sequential outcome.
 * docs/security.md, "Races of review 6", lists them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B, OP1, reviewFiveApp } from '../../test/review-5-app.ts';
import { blockRow } from '../../test/row-blocker.ts';
import { engines } from '../../test/test-deps.ts';
import { addApiClient, addWebhook, issueAccessToken, revokeApiClient } from '../app/manage-api-clients.ts';
import { suspendOverdueAppointments } from '../app/suspend-overdue-appointments.ts';
import { demoPersons as P } from '../infra/demo/demo-data.ts';

describe.each(engines)('races of review 6 on %s', (engine) => {
  const h = reviewFiveApp(engine);
  const { call, ok, audits, refusedCodes } = h;
  beforeAll(h.start);
  afterAll(h.stop);

  /** a co-main the registers no longer back, under a review whose grace period is over */
  async function overdueReview(person: { number: string; email: string }) {
    const appointmentId = await h.coMain(person);
    const db = h.deps.db.db;
    await db
      .updateTable('employment')
      .set({ end_date: '2026-10-01' })
      .where('person_number', '=', person.number)
      .where('enterprise_number', '=', B)
      .execute();
    const id = randomUUID();
    await db
      .insertInto('register_review')
      .values({
        id,
        appointment_id: appointmentId,
        enterprise_number: B,
        person_number: person.number,
        kind: 'co_main',
        reason: 'employment_ended',
        import_id: null,
        detected_at: '2026-10-01T00:00:00.000Z',
        grace_until: '2026-10-31T00:00:00.000Z',
        status: 'pending',
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      })
      .execute();
    return { id, appointmentId };
  }

  it.each([
    // the decision, the person, and the end state whoever wins: [review status, appointment end reason]
    ['confirm', P.karimElAmrani],
    ['end', P.juliaSchmitz],
  ] as const)(
    'race 1: a legal representative deciding "%s" while the grace sweep suspends: one outcome, audited once',
    async (decision, person) => {
      const { id, appointmentId } = await overdueReview(person);
      const blocker = await blockRow(h.deps, 'register_review', 'id', id);
      const sweep = suspendOverdueAppointments(h.deps);
      const decide = call(
        'POST',
        `/api/v1/enterprises/${B}/register-reviews/${id}/${decision}`,
        P.anPeeters.number,
        { reason: 'She still works for us, the register is late.' },
        'high',
      );
      const waiting = await blocker.waitForWaiters(2);
      await blocker.release();
      expect(waiting).toBeGreaterThanOrEqual(engine === 'postgres' ? 2 : 0);
      const [suspended, answer] = await Promise.all([sweep, decide]);
      const review = await h.deps.db.db
        .selectFrom('register_review')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const app = await h.deps.db.db
        .selectFrom('appointment')
        .select(['ended_at', 'end_reason'])
        .where('id', '=', appointmentId)
        .executeTakeFirstOrThrow();
      const mine = async (action: string) => (await audits(action)).filter((a) => a.review === id);
      const suspensions = await mine('register.appointment_suspended');
      const decided = await mine(
        decision === 'confirm' ? 'register.appointment_confirmed' : 'register.appointment_ended',
      );
      expect(suspensions).toHaveLength(suspended);
      if (decision === 'confirm') {
        // either the confirmation came first and the sweep let it be, or the sweep came first and
        // the confirmation is refused: never both, never a confirmed review on a suspended appointment
        if (answer.statusCode === 200) {
          expect({ suspended, review: review.status, ended: app.ended_at }).toEqual({
            suspended: 0,
            review: 'confirmed',
            ended: null,
          });
          expect(decided).toHaveLength(1);
        } else {
          expect(answer.statusCode, answer.body).toBe(409);
          expect(answer.json().code).toBe('register_review.wrong_state');
          expect({ suspended, review: review.status, reason: app.end_reason }).toEqual({
            suspended: 1,
            review: 'suspended',
            reason: 'suspended',
          });
          expect(decided).toHaveLength(0);
          expect(await refusedCodes()).toContain('register_review.wrong_state');
        }
      } else {
        // ending is allowed from pending and from suspended: whoever comes first, it ends
        expect(answer.statusCode, answer.body).toBe(200);
        expect(decided).toHaveLength(1);
        expect({ review: review.status, reason: app.end_reason }).toEqual({
          review: 'ended',
          reason: 'register_ineligible',
        });
      }
    },
  );

  /**
   * The first side of races 2 and 4: the legal representative reports the appointment, its row is
   * held, and the service desk's decision to end it is sent (and waits on the row); the test sends
   * the competing write, then releases. `seq0`: the outbox's last seq before the race.
   */
  async function reportThenUphold(appointmentId: string) {
    const report = ok(await h.report(appointmentId)).json().report;
    const { seq0 } = await h.deps.db.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.coalesce(eb.fn.max('seq'), eb.lit(0)).as('seq0'))
      .executeTakeFirstOrThrow();
    const blocker = await blockRow(h.deps, 'appointment', 'id', appointmentId);
    const uphold = call('POST', `/api/v1/service-desk/appointment-reports/${report.id}/decision`, OP1, {
      decision: 'end',
      reason: 'Checked the documents with the notary.',
    });
    return { report: report as { id: string }, seq0, blocker, uphold };
  }

  it('race 2: the service desk upholding a report while the main removes the same co-main: ended once, audited once', async () => {
    const person = P.lucDubois;
    const appointmentId = await h.coMain(person);
    const { blocker, uphold } = await reportThenUphold(appointmentId);
    const remove = call(
      'DELETE',
      `/api/v1/enterprises/${B}/co-main-access-managers/${person.number}`,
      P.sofieJanssens.number,
    );
    const waiting = await blocker.waitForWaiters(2);
    await blocker.release();
    expect(waiting).toBeGreaterThanOrEqual(engine === 'postgres' ? 2 : 0);
    const [upheld, removed] = await Promise.all([uphold, remove]);
    expect(upheld.statusCode, upheld.body).toBe(200);
    const row = await h.deps.db.db
      .selectFrom('appointment')
      .select(['ended_at', 'end_reason'])
      .where('id', '=', appointmentId)
      .executeTakeFirstOrThrow();
    expect(row.ended_at).not.toBeNull();
    const removals = (await audits('co_main_access_manager.removed')).length;
    if (removed.statusCode === 200) {
      // the removal came first: the decision closes the report and leaves the ended appointment be
      expect({ reason: row.end_reason, removals }).toEqual({ reason: 'removed', removals: 1 });
    } else {
      expect(removed.statusCode, removed.body).toBe(404);
      expect(removed.json().code).toBe('appointment.not_found');
      expect({ reason: row.end_reason, removals }).toEqual({ reason: 'ended_after_report', removals: 0 });
    }
  });

  it('race 4: a legal representative ending a register review while the service desk upholds a report: ended once', async () => {
    // Luc again, appointed anew after race 2
    const { id, appointmentId } = await overdueReview(P.lucDubois);
    const { report, seq0, blocker, uphold } = await reportThenUphold(appointmentId);
    const end = call('POST', `/api/v1/enterprises/${B}/register-reviews/${id}/end`, P.anPeeters.number, {}, 'high');
    const waiting = await blocker.waitForWaiters(2);
    await blocker.release();
    expect(waiting).toBeGreaterThanOrEqual(engine === 'postgres' ? 2 : 0);
    const answers = await Promise.all([uphold, end]);
    for (const r of answers) expect(r.statusCode, r.body).toBe(200);
    const row = await h.deps.db.db
      .selectFrom('appointment')
      .select(['ended_at', 'end_reason'])
      .where('id', '=', appointmentId)
      .executeTakeFirstOrThrow();
    // the first one ends it with its reason; the second one closes its case and leaves the end as it was
    const [upheld] = await h.deps.db.db
      .selectFrom('audit_event')
      .select('before_json')
      .where('action', '=', 'appointment.report_upheld')
      .where('before_json', 'like', `%${report.id}%`)
      .execute();
    const deskSaw = (JSON.parse(upheld!.before_json ?? '{}') as { appointmentEndReason: string | null })
      .appointmentEndReason;
    expect(row.ended_at).not.toBeNull();
    expect(row.end_reason).toBe(deskSaw === null ? 'ended_after_report' : 'register_ineligible');
    // the review's end tells the holder "ended: the registers" only when it is what ended them
    const ineligibleMails = await h.deps.db.db
      .selectFrom('outbox')
      .select('payload')
      .where('channel', '=', 'mail')
      .where('payload', 'like', '%appointment_ended%')
      .where('payload', 'like', '%register_ineligible%')
      .where('payload', 'like', `%${P.lucDubois.email}%`)
      .where('seq', '>', seq0)
      .execute();
    expect(ineligibleMails).toHaveLength(deskSaw === null ? 0 : 1);
  });

  it.each([
    ['a webhook subscription', 'webhook_subscription'],
    ['an access token', 'api_token'],
  ] as const)('race 3: %s added while its API client is revoked is refused, none stays behind', async (_, table) => {
    const client = await addApiClient(h.deps, { name: `race 3 ${table}`, scope: '*' });
    const blocker = await blockRow(h.deps, 'api_client', 'id', client.clientId);
    // the revocation queues first: the addition must then find the client revoked
    const revoke = revokeApiClient(h.deps, { clientId: client.clientId });
    if (engine === 'postgres') expect(await blocker.waitForWaiters(1)).toBe(1);
    else await revoke;
    const add = (
      table === 'webhook_subscription'
        ? addWebhook(h.deps, { clientId: client.clientId, url: 'https://hooks.example.test/btb' })
        : issueAccessToken(h.deps, client)
    ).then(
      () => 'added',
      (e: { code?: string }) => e.code,
    );
    // before the fix the addition did not even wait: it had read the client before the revocation
    await blocker.waitForWaiters(2);
    await blocker.release();
    await revoke;
    expect(await add).toBe(table === 'webhook_subscription' ? 'not_found' : 'authentication.invalid_client');
    const db = h.deps.db.db;
    const left =
      table === 'api_token'
        ? await db.selectFrom('api_token').select('client_id').where('client_id', '=', client.clientId).execute()
        : await db
            .selectFrom('webhook_subscription')
            .select('client_id')
            .where('client_id', '=', client.clientId)
            .where('revoked_at', 'is', null)
            .execute();
    expect(left).toHaveLength(0);
  });
});
