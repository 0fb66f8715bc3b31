/**
 * Session 7: two "read, then decide" races whose locks no test covered, each test seen failing
 * on PostgreSQL with its lock taken out. A second connection holds the contested lock
 * (test/row-blocker.ts) until both sides wait, so both have read before either writes; on SQLite,
 * whose writes are serialised, the same test checks the sequential outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B, contact, OP1, raceLinkAgainst, reviewFiveApp } from '../../test/review-5-app.ts';
import { blockRow } from '../../test/row-blocker.ts';
import { engines } from '../../test/test-deps.ts';
import { demoPersons as P } from '../infra/demo/demo-data.ts';

describe.each(engines)('edge races of session 7 on %s', (engine) => {
  const h = reviewFiveApp(engine);
  const { call, ok, audits } = h;
  beforeAll(h.start);
  afterAll(h.stop);

  it.each([
    // [who creates a right for the number while the desk confirms its link, the request]
    [
      'the main grants it a service',
      (n: string) =>
        call('POST', `/api/v1/enterprises/${B}/grants`, P.sofieJanssens.number, {
          person: n,
          service: 'finance.biztax',
        }),
      'grant.created',
    ],
    [
      'the main appoints it access manager',
      (n: string) =>
        call('POST', `/api/v1/enterprises/${B}/domains/finance/access-managers`, P.sofieJanssens.number, {
          person: n,
          ...contact({ email: 'race@example.be' }),
        }),
      'access_manager.appointed',
    ],
  ] as const)(
    'review 5, finding 4: a link confirmed while %s waits for it, then refuses: no two persons merged',
    async (_what, create, action) => {
      // a Belgian number without rights, confirmed as an eIDAS person's while the right is created
      const number = action === 'grant.created' ? P.tomMaes.number : P.karimElAmrani.number;
      await raceLinkAgainst(h, number, () => create(number), 201);
      expect((await audits(action)).length).toBeGreaterThanOrEqual(1);
    },
  );

  it('race: the service desk upholding a report while a legal representative removes the main: ended once, audited once', async () => {
    const main = await h.deps.db.db
      .selectFrom('appointment')
      .select(['id', 'person_number'])
      .where('enterprise_number', '=', B)
      .where('kind', '=', 'main')
      .where('ended_at', 'is', null)
      .executeTakeFirstOrThrow();
    const report = ok(await h.report(main.id)).json().report;
    const blocker = await blockRow(h.deps, 'appointment', 'id', main.id);
    // the desk queues first on the appointment
    const uphold = call('POST', `/api/v1/service-desk/appointment-reports/${report.id}/decision`, OP1, {
      decision: 'end',
      reason: 'Checked the documents with the notary.',
    });
    if (engine === 'postgres') expect(await blocker.waitForWaiters(1)).toBe(1);
    else expect((await uphold).statusCode).toBe(200);
    const remove = call(
      'DELETE',
      `/api/v1/enterprises/${B}/main-access-manager`,
      P.anPeeters.number,
      undefined,
      'high',
    );
    // without its lock the removal read the main as active and waits only at its update, which
    // then ends the appointment a second time, over the desk's reason
    if (engine === 'postgres') expect(await blocker.waitForWaiters(2)).toBe(2);
    await blocker.release();
    const [upheld, removed] = await Promise.all([uphold, remove]);
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(removed.statusCode, removed.body).toBe(404);
    expect(removed.json().code).toBe('appointment.not_found');
    const row = await h.deps.db.db
      .selectFrom('appointment')
      .select(['ended_at', 'end_reason'])
      .where('id', '=', main.id)
      .executeTakeFirstOrThrow();
    expect(row.end_reason).toBe('ended_after_report');
    expect(await audits('main_access_manager.removed')).toHaveLength(0);
  });
});
