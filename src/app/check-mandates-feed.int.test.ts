/**
 * Session 10 (issue 20): on PostgreSQL what the check index holds under mandates outlives a moment
 * in which the change feed cannot vouch (a proof late behind a busy event loop) instead of being
 * read again after each such moment. Two ways it could go stale, each a row of node B's feed
 * behaving as it may:
 * - another process commits; B's feed cannot vouch yet and has not heard of it: B must not answer
 *   from memory (it reads the tables, as the fresh checker);
 * - then the notification arrives and the feed vouches again: B must drop what it held (the kept
 *   yes, the person's ties, the client's rows), not take the moment back as "nothing changed".
 * Node A writes as a register import or a raw statement would: no audit event, so only the feed
 * tells B. PostgreSQL only (SQLite has no feed: every other connection's commit drops them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkClient, officeUnderFinanceMandate, personUse } from '../../test/builders.ts';
import { firstNodeOnPostgres, type TestDeps } from '../../test/test-deps.ts';
import { type DbHandle, openDatabase } from '../infra/db/database.ts';
import { demoClients, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type CheckDeps, checkAccess } from './check-access.ts';
import { createChecker } from './check-deps.ts';
import { CheckIndex } from './check-index.ts';
import { type CheckStore, createCheckStore } from './check-store.ts';

const client = demoClients[5]!;
const lotte = P.lotteMartens.number;
const tom = P.tomMaes.number;
const pg = process.env.TEST_DATABASE_URL ? ['postgres' as const] : [];

describe.each(pg)('session 10: answers under mandates across a moment the feed cannot vouch, on %s', () => {
  let a: TestDeps;
  let bDb: DbHandle;
  let b: CheckDeps;
  let store: CheckStore;
  let mandateId = '';
  /** B's feed: vouching (the real one), or not (a new version at every call, the change version held) */
  const feed = { vouches: true, held: 0, n: 0 };
  const ask = async (check: CheckDeps, person: string) => {
    const r = await checkAccess(check, checkClient, personUse(person, 'finance.intervat', client.number));
    return `${r.decision}:${r.context.reason ?? ''}`;
  };
  const truth = (person: string) =>
    ask(createChecker(a, new CheckIndex(createCheckStore(a.db), { maxPreloadGrants: 0 })), person);
  const set = (table: 'employment' | 'legal_function' | 'mandate', values: object, where: [string, string]) =>
    (a.db.db.updateTable(table as any) as any).set(values).where(where[0], '=', where[1]).execute();
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ok()).toBe(true);
  };

  beforeAll(async () => {
    const first = await firstNodeOnPostgres();
    a = first.a;
    await seedDemo(a);
    mandateId = (await officeUnderFinanceMandate(a)).mandateId;
    bDb = openDatabase(first.url, { poolSize: 3 });
    store = createCheckStore(bDb);
    const real = { version: store.version!.bind(store), change: store.changeVersion!.bind(store) };
    store.version = () => (feed.vouches ? real.version() : [-++feed.n, 0]);
    store.changeVersion = () => (feed.vouches ? real.change() : feed.held);
    b = createChecker({ ...a, db: bDb }, new CheckIndex(store));
    expect(await bDb.changeFeed!().ready()).toBe(true);
    await b.index.preload(1);
    expect(b.index.mandateFacts?.complete).toBe(true);
  });
  afterAll(async () => {
    await bDb?.close();
    await a?.cleanup();
  });

  const rows: {
    why: string;
    person: string;
    end: () => Promise<unknown>;
    restore: () => Promise<unknown>;
    no: string;
  }[] = [
    {
      why: 'employment at the office ends in the register',
      person: lotte,
      end: () => set('employment', { end_date: '2026-01-01' }, ['person_number', lotte]),
      restore: () => set('employment', { end_date: null }, ['person_number', lotte]),
      no: 'false:employment_ended',
    },
    {
      why: 'legal function at the office ends in the register',
      person: tom,
      end: () => set('legal_function', { end_date: '2026-01-01' }, ['person_number', tom]),
      restore: () => set('legal_function', { end_date: null }, ['person_number', tom]),
      no: 'false:lr_function_ended',
    },
    {
      why: 'mandate suspended (status written, no audit event)',
      person: lotte,
      end: () => set('mandate', { status: 'suspended' }, ['id', mandateId]),
      restore: () => set('mandate', { status: 'active' }, ['id', mandateId]),
      no: 'false:mandate_not_accepted',
    },
  ];

  it.each(rows.map((r) => [r.why, r] as const))('%s', async (_why, row) => {
    const changes = () => bDb.changeFeed!().changeVersion();
    expect(await ask(b, row.person)).toBe('true:');
    expect(await ask(b, row.person)).toBe('true:'); // kept
    const before = changes();
    let back = before;
    try {
      // the feed cannot vouch, and has not heard of the commit (its change version held)
      feed.held = store.changeVersion!();
      feed.vouches = false;
      await row.end();
      const expected = await truth(row.person);
      expect(expected).toBe(row.no);
      expect(await ask(b, row.person)).toBe(expected);
      // the notification arrives, the proof comes back
      await until(() => changes() > before);
      expect(await ask(b, row.person)).toBe(expected);
      feed.vouches = true;
      expect(await ask(b, row.person)).toBe(expected);
      expect(await ask(b, row.person)).toBe(expected);
    } finally {
      feed.vouches = true;
      // read before the restore (review 10): its notification may arrive before the write's answer
      back = changes();
      await row.restore();
    }
    await until(() => changes() > back);
    expect(await ask(b, row.person)).toBe('true:');
  });
});
