/**
 * Issue 20, PostgreSQL: a node learns of other nodes' commits through LISTEN/NOTIFY and of its own
 * writes through its write counter, so a check reads nothing while nothing changed; when the
 * listening connection is gone, every check reads the database again (docs/consistency.md).
 * Node A writes through its own handle (its own pool and feed); node B is a second handle on the
 * same schema with its own check index: the only channel between them is the database.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointDemoMain, as, checkClient, personUse } from '../../test/builders.ts';
import { firstNodeOnPostgres, type TestDeps } from '../../test/test-deps.ts';
import { createChangeFeed } from '../infra/db/change-feed.ts';
import { type DbHandle, openDatabase } from '../infra/db/database.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { revokeGrant } from './change-grant.ts';
import { type CheckDeps, checkAccess } from './check-access.ts';
import { currentConsistencyToken } from './check-consistency.ts';
import { createChecker } from './check-deps.ts';
import type { Deps } from './deps.ts';
import { grantAccess } from './grant-access.ts';

const en = E.brewery.number;
const use = (person: string, service: string) => personUse(person, service, en);
const htb = as(P.sofieJanssens.number);
const until = async (what: () => boolean) => {
  while (!what()) await new Promise((r) => setTimeout(r, 5));
};

describe('the change feed without a database to listen to (issue 20)', () => {
  it('never vouches for anything: a new version at every call, so every check reads', async () => {
    const feed = createChangeFeed('postgres://postgres@127.0.0.1:1/none', { reconnectMs: [60_000] });
    try {
      expect(await feed.ready(200)).toBe(false);
      const seen = new Set([feed.version(), feed.version(), feed.version()]);
      expect(seen.size).toBe(3);
    } finally {
      await feed.close();
    }
  });
});

const pg = process.env.TEST_DATABASE_URL ? [{ engine: 'postgres' }] : [];

describe.each(pg)('the change feed on $engine: what proves it (review 8)', () => {
  it.each([
    { proofs: 'come back to the listening connection', vouches: true },
    // as behind a pooler in transaction mode: the LISTEN on one server connection, the proofs on
    // another; a round trip would still answer, but no notification reaches the listener
    { proofs: 'go to a channel nobody listens on', vouches: false },
  ])('vouches only when its proofs $proofs', async ({ vouches }) => {
    const feed = createChangeFeed(
      process.env.TEST_DATABASE_URL!,
      vouches ? {} : { proofChannel: (schema, pid) => `btb_proof:${schema}:nobody-${pid}` },
    );
    try {
      expect(await feed.ready(vouches ? 5000 : 300)).toBe(vouches);
      await until(() => feed.stats.listening);
      const seen = new Set([feed.version(), feed.version(), feed.version()]);
      expect(seen.size).toBe(vouches ? 1 : 3);
    } finally {
      await feed.close();
    }
  });
});

describe.each(pg)('two nodes on one $engine database, told of changes by NOTIFY (issue 20)', () => {
  let a: TestDeps;
  let bDb: DbHandle;
  let b: CheckDeps;
  let bDeps: Deps;
  const ask = async (person: string, service = 'finance.intervat') => {
    const r = await checkAccess(b, checkClient, use(person, service));
    return { decision: r.decision, reason: r.context.reason };
  };
  const feed = () => bDb.changeFeed!();
  const reads = () => b.index.stats.fullBarriers;

  beforeAll(async () => {
    const first = await firstNodeOnPostgres();
    a = first.a;
    const url = first.url;
    await seedDemo(a);
    await appointDemoMain(a);
    // B trusts a proof of its listening connection for a minute (no check falls back because the
    // machine is slow), and after a drop waits a minute before listening again: the tests decide.
    bDb = openDatabase(url, { poolSize: 3, changeFeed: { staleMs: 60_000, reconnectMs: [60_000] } });
    bDeps = { ...a, db: bDb };
    b = createChecker(bDeps);
    expect(await feed().ready()).toBe(true);
    await b.index.preload();
  });
  afterAll(async () => {
    await bDb.close();
    await a.cleanup();
  });

  it('reads nothing per check while nothing changes', async () => {
    await ask(P.tomMaes.number);
    const before = reads();
    for (let i = 0; i < 100; i++) expect(await ask(P.tomMaes.number)).toEqual({ decision: false, reason: 'no_grant' });
    expect(reads()).toBe(before);
  });

  it('sees its own write at the very next check, before any notification of it', async () => {
    const g = await grantAccess(bDeps, htb, {
      enterprise: en,
      person: P.lotteMartens.number,
      service: 'finance.intervat',
    });
    expect(await ask(P.lotteMartens.number)).toEqual({ decision: true, reason: undefined });
    await revokeGrant(bDeps, htb, { enterprise: en, id: g.grant!.id });
    expect(await ask(P.lotteMartens.number)).toEqual({ decision: false, reason: 'revoked' });
  });

  it("sees another node's revocation with its token at once, and without once notified", async () => {
    for (let round = 0; round < 5; round++) {
      const g = await grantAccess(a, htb, { enterprise: en, person: P.tomMaes.number, service: 'finance.intervat' });
      const granted = Number(await currentConsistencyToken(a.db.db));
      await b.index.atLeast(granted);
      expect(await ask(P.tomMaes.number)).toEqual({ decision: true, reason: undefined });
      await revokeGrant(a, htb, { enterprise: en, id: g.grant!.id });
      const revoked = Number(await currentConsistencyToken(a.db.db));
      if (round % 2 === 0) await b.index.atLeast(revoked);
      else await until(() => feed().stats.lastSeq >= revoked);
      expect(await ask(P.tomMaes.number)).toEqual({ decision: false, reason: 'revoked' });
      // and then reads nothing more while nothing changes
      const before = reads();
      await ask(P.tomMaes.number);
      expect(reads()).toBe(before);
    }
  });

  it("sees another node's register change (an import, no audit event) once notified", async () => {
    const pool = a.db.raw.kind === 'postgres' ? a.db.raw.pool : undefined;
    const notified = feed().stats.notifications;
    await pool!.query("update enterprise set status = 'ST' where number = $1", [en]);
    await until(() => feed().stats.notifications > notified);
    expect((await ask(P.tomMaes.number)).reason).toBe('enterprise_stopped');
    const again = feed().stats.notifications;
    await pool!.query("update enterprise set status = 'AC' where number = $1", [en]);
    await until(() => feed().stats.notifications > again);
    expect((await ask(P.tomMaes.number)).reason).toBe('revoked'); // his grant of the round above
  });

  it('reads at every check once its listening connection is killed, and stays right', async () => {
    const pool = a.db.raw.kind === 'postgres' ? a.db.raw.pool : undefined;
    await ask(P.tomMaes.number);
    await pool!.query('select pg_terminate_backend($1)', [feed().stats.pid]);
    await until(() => !feed().stats.listening);
    // not told of these: only reading tells B
    const g = await grantAccess(a, htb, { enterprise: en, person: P.tomMaes.number, service: 'finance.intervat' });
    const before = reads();
    expect(await ask(P.tomMaes.number)).toEqual({ decision: true, reason: undefined });
    await revokeGrant(a, htb, { enterprise: en, id: g.grant!.id });
    expect(await ask(P.tomMaes.number)).toEqual({ decision: false, reason: 'revoked' });
    for (let i = 0; i < 5; i++) await ask(P.tomMaes.number);
    expect(reads() - before).toBe(7);
  });
});
