/**
 * Review 8, the races: a lock-order deadlock under a mandate (finding 1), what the caller gets
 * when PostgreSQL still breaks a deadlock (finding 1), and a suspended appointment restored while
 * its number is linked (finding 2). A second connection holds the contested lock
 * (test/row-blocker.ts) until both sides wait; on SQLite, whose writes are serialised, the same
 * test checks the sequential outcome. docs/security.md, "Review 8".
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contact, OP1, raceLinkAgainst, reviewFiveApp } from '../../test/review-5-app.ts';
import { blockRow } from '../../test/row-blocker.ts';
import { engines } from '../../test/test-deps.ts';
import { demoClients, demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';

const V = E.accountant.number; // the office, holder of the mandates
const T = P.tomMaes.number; // its main access manager
const L = P.lotteMartens.number; // its employee

/** the app with the office's main access manager, and mandates made on demand */
function officeApp(engine: 'sqlite' | 'postgres') {
  const h = reviewFiveApp(engine);
  const { call, ok } = h;
  let nextClient = 5; // client 0's representative is an operator in this app
  const start = async () => {
    await h.start();
    ok(
      await call(
        'PUT',
        `/api/v1/enterprises/${V}/main-access-manager`,
        T,
        { person: T, ...contact(P.tomMaes) },
        'high',
      ),
    );
  };

  /** a mandate between the office and a fresh client for finance: proposed by `by`, accepted unless `open` */
  const mandate = async (by: 'office' | 'client', open = false) => {
    const client = demoClients[nextClient++]!;
    const m =
      by === 'office'
        ? ok(
            await call(
              'POST',
              `/api/v1/enterprises/${V}/mandates`,
              T,
              { mandator: client.number, domains: ['finance'] },
              'high',
            ),
          )
        : ok(
            await call(
              'POST',
              `/api/v1/enterprises/${client.number}/mandates`,
              client.lr.number,
              { mandatary: V, domains: ['finance'] },
              'high',
            ),
          );
    const id = m.json().mandate.id as string;
    if (!open) {
      const [en, who] = by === 'office' ? [client.number, client.lr.number] : [V, T];
      ok(await call('POST', `/api/v1/enterprises/${en}/mandates/${id}/accept`, who, undefined, 'high'));
    }
    return id;
  };
  const appointLotte = (id: string) =>
    call('POST', `/api/v1/enterprises/${V}/mandates/${id}/client-managers`, T, {
      person: L,
      email: P.lotteMartens.email,
    });
  const grantUnder = (id: string) =>
    call('POST', `/api/v1/enterprises/${V}/mandates/${id}/grants`, T, { person: L, service: 'finance.biztax' }, 'high');
  return { h, start, mandate, appointLotte, grantUnder };
}

describe.each(engines)('edge races of review 8 on %s', (engine) => {
  const { h, start, mandate, appointLotte, grantUnder } = officeApp(engine);
  const { call, ok } = h;
  beforeAll(start);
  afterAll(h.stop);

  it.each([
    // [the office's change that locked the mandate before the office, how it is set up and made, its status, the grant's]
    [
      'accepts a client’s proposal',
      (id: string) => call('POST', `/api/v1/enterprises/${V}/mandates/${id}/accept`, T, undefined, 'high'),
      'client',
      true,
      200,
      201,
    ],
    [
      'rejects a client’s proposal',
      (id: string) =>
        call('POST', `/api/v1/enterprises/${V}/mandates/${id}/reject`, T, { reason: 'Not our client.' }, 'high'),
      'client',
      true,
      200,
      422,
    ],
    [
      'ends the mandate',
      (id: string) =>
        call('POST', `/api/v1/enterprises/${V}/mandates/${id}/end`, T, { reason: 'The client left.' }, 'high'),
      'office',
      false,
      200,
      422,
    ],
    ['appoints a client manager', appointLotte, 'office', false, 201, 201],
    [
      'removes a client manager',
      async (id: string) =>
        call('DELETE', `/api/v1/enterprises/${V}/mandates/${id}/client-managers/${L}`, T, undefined, 'high'),
      'office',
      false,
      200,
      201,
    ],
  ] as const)(
    'review 8, finding 1: the office %s while granting under the same mandate: one lock order, no deadlock, no 500',
    async (what, change, by, open, changeStatus, grantStatus) => {
      const id = await mandate(by, open);
      if (what === 'removes a client manager') ok(await appointLotte(id));
      // the mandate's row held: the change queues on it first (before the fix, holding nothing
      // else yet), then the grant, which locks the office before the mandate
      const blocker = await blockRow(h.deps, 'mandate', 'id', id);
      const changing = change(id);
      if (engine === 'postgres') expect(await blocker.waitForWaiters(1)).toBe(1);
      else await changing;
      const granting = grantUnder(id);
      // before the fix the grant held the office and waited for the mandate, and the change, once
      // let go, held the mandate and waited for the office: PostgreSQL's "deadlock detected",
      // answered 500 to one of the two
      if (engine === 'postgres') expect(await blocker.waitForWaiters(2)).toBe(2);
      await blocker.release();
      const [changed, granted] = await Promise.all([changing, granting]);
      expect(changed.statusCode, changed.body).toBe(changeStatus);
      expect(granted.statusCode, granted.body).toBe(grantStatus);
      if (grantStatus === 422) expect(granted.json().code).toBe('mandate.not_in_force');
    },
  );

  it('review 8, lock order: a vendor and its customer sending each other a system-user request at once: both sent, no deadlock', async () => {
    const B = E.brewery.number; // the smaller number of the two
    const S = P.sofieJanssens.number; // the brewery's main
    const system = async (en: string, who: string, clientId: string) =>
      ok(
        await call('POST', `/api/v1/enterprises/${en}/systems`, who, {
          name: `Mutual ${clientId}`,
          clientIds: [clientId],
          services: ['finance.biztax'],
        }),
      ).json().system.id as string;
    const fromBrewery = await system(B, S, 'mutual-brewery');
    const fromOffice = await system(V, T, 'mutual-office');
    const send = (en: string, who: string, id: string, to: string) =>
      call('POST', `/api/v1/enterprises/${en}/systems/${id}/requests`, who, {
        enterprise: to,
        services: ['finance.biztax'],
      });
    // the brewery's row held: the brewery's request waits for its own row, the office's for the
    // brewery's as its customer, having locked its own first (before the fix); let go, the
    // brewery's request then waited for the office's row: "deadlock detected"
    const blocker = await blockRow(h.deps, 'enterprise', 'number', B);
    const breweryAsks = send(B, S, fromBrewery, V);
    if (engine === 'postgres') expect(await blocker.waitForWaiters(1)).toBe(1);
    else await breweryAsks;
    const officeAsks = send(V, T, fromOffice, B);
    if (engine === 'postgres') expect(await blocker.waitForWaiters(2)).toBe(2);
    await blocker.release();
    const [a, b] = await Promise.all([breweryAsks, officeAsks]);
    expect(a.statusCode, a.body).toBe(201);
    expect(b.statusCode, b.body).toBe(201);
  });

  const B = E.brewery.number;
  /** a co-main of the brewery, appointed by its main; returns the appointment's id */
  it.each([
    [
      'the service desk restores an appointment suspended by a report',
      P.karimElAmrani,
      async (appointmentId: string) => {
        // appointed through the exception procedure, so a report suspends it at once
        await h.deps.db.db
          .updateTable('appointment')
          .set({ procedure: 'exception' })
          .where('id', '=', appointmentId)
          .execute();
        const report = ok(await h.report(appointmentId)).json().report;
        expect(report.suspended).toBe(true);
        return () =>
          call('POST', `/api/v1/service-desk/appointment-reports/${report.id}/decision`, OP1, {
            decision: 'restore',
            reason: 'The notary confirmed the appointment.',
          });
      },
    ],
    [
      'a legal representative restores an appointment the register review suspended',
      P.juliaSchmitz,
      async (appointmentId: string) => {
        // as the grace sweep leaves it: the appointment ended 'suspended', its review 'suspended'
        const at = h.deps.clock.now().toISOString();
        await h.deps.db.db
          .updateTable('appointment')
          .set({ ended_at: at, end_reason: 'suspended' })
          .where('id', '=', appointmentId)
          .execute();
        const id = randomUUID();
        await h.deps.db.db
          .insertInto('register_review')
          .values({
            id,
            appointment_id: appointmentId,
            enterprise_number: B,
            person_number: P.juliaSchmitz.number,
            kind: 'co_main',
            reason: 'employment_ended',
            import_id: null,
            detected_at: at,
            grace_until: at,
            status: 'suspended',
            decided_by: null,
            decided_at: null,
            decision_reason: null,
          })
          .execute();
        return () =>
          call(
            'POST',
            `/api/v1/enterprises/${B}/register-reviews/${id}/restore`,
            P.anPeeters.number,
            { reason: 'She works for us again from Monday.' },
            'high',
          );
      },
    ],
  ] as const)(
    'review 8, finding 2: a link confirmed while %s waits for it, then refuses: no two persons merged',
    async (_what, person, suspend) => {
      const restore = await suspend(await h.coMain(person));
      await raceLinkAgainst(h, person.number, restore, 200);
    },
  );
});

// PostgreSQL only: SQLite serialises writers, so it has no deadlock to break
describe.each(engines.filter((e) => e === 'postgres'))('a deadlock broken by PostgreSQL (review 8) on %s', (engine) => {
  const { h, start, mandate, appointLotte } = officeApp(engine);
  beforeAll(start);
  afterAll(h.stop);

  it('review 8, finding 1: a deadlock PostgreSQL still breaks is a 503 problem+json with Retry-After, and changes nothing', async () => {
    const id = await mandate('office');
    // another session holds the mandate and then asks for the office's row, which the request
    // holds by then: a real deadlock; this session waits 10 s before looking for one, so the
    // request's own check (1 s) finds it and its transaction is the one rolled back
    const c = new pg.Client({ connectionString: h.deps.config.databaseUrl });
    await c.connect();
    try {
      await c.query("set deadlock_timeout = '10s'");
      await c.query('begin');
      await c.query('select 1 from mandate where id = $1 for update', [id]);
      const appointing = appointLotte(id);
      await waitUntilBlocked(c);
      const other = c.query('select 1 from enterprise where number = $1 for update', [V]);
      const r = await appointing;
      await other;
      await c.query('rollback');
      expect(r.statusCode, r.body).toBe(503);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.headers['retry-after']).toBe('1');
      expect(r.json()).toMatchObject({ status: 503, code: 'service.busy' });
    } finally {
      await c.end();
    }
    const rows = await h.deps.db.db
      .selectFrom('appointment')
      .select('id')
      .where('mandate_id', '=', id)
      .where('person_number', '=', L)
      .execute();
    expect(rows).toHaveLength(0);
    // and the same request a moment later goes through
    expect((await appointLotte(id)).statusCode).toBe(201);
  });
});

/** waits until a session waits on a lock that `c` holds */
async function waitUntilBlocked(c: pg.Client): Promise<void> {
  const me = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  for (const until = Date.now() + 30_000; Date.now() < until; ) {
    await c.query('select pg_stat_clear_snapshot()');
    const r = await c.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
      [me],
    );
    if (r.rows[0]!.n >= 1) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('the request never came to the lock');
}
