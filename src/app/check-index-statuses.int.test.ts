/**
 * Issue 20, session 9, PostgreSQL: the register statuses are preloaded and held across changes that
 * cannot alter them (another node's grant, a grant-use flush, a moment the change feed cannot vouch
 * on the same connection), and dropped by those that can: a write to `enterprise` by this node, a
 * notification of one by another node, a reconnection of the feed. A stopped enterprise says no
 * exactly as docs/consistency.md promises: on this node at the next check, on another at the next
 * check once notified or with the writer's consistency token, and at every check while the feed
 * cannot vouch.
 *
 * Node A writes through its own handle; node B is a second handle on the same schema with its own
 * check index, whose view of its change feed the test controls: `real` (the feed as it is), `held`
 * (the feed vouches and has not yet been told of A's latest commit: the moment between a commit and
 * its notification), `silent` (the feed cannot vouch, on the same connection: its proof is late).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointDemoMain, as, checkClient, personUse } from '../../test/builders.ts';
import { makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { appendAudit } from '../infra/audit/audit-log.ts';
import { type DbHandle, openDatabase } from '../infra/db/database.ts';
import { demoEnterprises as E, demoPersons as P } from '../infra/demo/demo-data.ts';
import { seedDemo } from '../infra/demo/seed-demo.ts';
import { type CheckDeps, checkAccess } from './check-access.ts';
import { currentConsistencyToken } from './check-consistency.ts';
import { createChecker } from './check-deps.ts';
import { CheckIndex } from './check-index.ts';
import { type CheckStore, createCheckStore } from './check-store.ts';
import type { Deps } from './deps.ts';
import { grantAccess } from './grant-access.ts';

const en: string = E.brewery.number;
const other = E.selfEmployed.number;
const until = async (what: () => boolean) => {
  while (!what()) await new Promise((r) => setTimeout(r, 5));
};

const pg = process.env.TEST_DATABASE_URL ? [{ engine: 'postgres' }] : [];

describe.each(pg)('register statuses held by a node on $engine (issue 20, session 9)', () => {
  let a: TestDeps;
  let bDb: DbHandle;
  let b: CheckDeps;
  let real: CheckStore;
  let mode: 'real' | 'held' | 'silent' = 'real';
  let held = { version: 0, register: 0 };
  let silent = 0;
  /** statements that read a register status: the single ones, and the barrier's */
  const reads = { status: 0, marker: 0 };
  const feed = () => bDb.changeFeed!();
  const rawA = () => (a.db.raw.kind === 'postgres' ? a.db.raw.pool : undefined)!;
  /** from `real`, the feed as it is now is held (what it has been told); from `held`, kept as held */
  const setMode = (m: typeof mode) => {
    if (m !== 'real' && mode === 'real') held = { version: real.version!()[0], register: real.registerVersion!() };
    mode = m;
  };
  const ask = async (enterprise = en) => {
    const r = await checkAccess(b, checkClient, personUse(P.tomMaes.number, 'finance.biztax', enterprise));
    return r.context.reason ?? 'yes';
  };
  /** private state of the index, for the rows that prove the statuses are kept */
  const complete = () => (b.index as unknown as { statusesComplete: boolean }).statusesComplete;
  /** A writes the register as an import does: no audit event, a notification */
  const importStatus = async (status: string) => {
    const before = feed().registerVersion();
    await rawA().query('update enterprise set status = $1 where number = $2', [status, en]);
    return before;
  };
  /** back to active, seen by B, and its statuses preloaded again (in the background) */
  const restore = async () => {
    setMode('real');
    const before = await importStatus('AC');
    await until(() => feed().registerVersion() > before);
    expect(await ask()).toBe('yes');
    await until(complete);
  };

  beforeAll(async () => {
    // node A: a schema of its own (its own pool and feed); node B below opens the same schema
    a = await makeTestDeps('postgres');
    await seedDemo(a);
    await appointDemoMain(a);
    await grantAccess(a, as(P.sofieJanssens.number), {
      enterprise: en,
      person: P.tomMaes.number,
      service: 'finance.biztax',
    });
    // B trusts a proof for a minute (no check falls back because the machine is slow) and after a
    // drop waits a minute before listening again: the rows decide what the feed says
    bDb = openDatabase(a.config.databaseUrl, { poolSize: 3, changeFeed: { staleMs: 60_000, reconnectMs: [60_000] } });
    real = createCheckStore(bDb);
    const store: CheckStore = {
      ...real,
      version: () => (mode === 'real' ? real.version!() : mode === 'held' ? [held.version, 0] : [--silent, 0]),
      registerVersion: () => (mode === 'real' ? real.registerVersion!() : held.register),
      status: (e) => {
        reads.status++;
        return real.status(e);
      },
      marker: (e) => {
        reads.marker++;
        return real.marker(e);
      },
    };
    const bDeps: Deps = { ...a, db: bDb };
    b = createChecker(bDeps, new CheckIndex(store));
    expect(await feed().ready()).toBe(true);
    await b.index.preload();
    await until(complete);
  });
  afterAll(async () => {
    b?.index.stop();
    await bDb?.close();
    await a?.cleanup();
  });

  it('reads no status once preloaded, at any enterprise', async () => {
    await ask();
    const before = { ...reads };
    expect(await ask()).toBe('yes');
    expect(await ask(other)).toBe('no_grant');
    expect(reads).toEqual(before);
  });

  // How the enterprise is stopped, and what B is told of it; B's next check must say so.
  const stops: [string, () => Promise<void>][] = [
    [
      'this node writes the register (its notification not yet arrived)',
      async () => {
        await bDb.db.updateTable('enterprise').set({ status: 'ST' }).where('number', '=', en).execute();
      },
    ],
    [
      'another node stops it in an audited change, and the check carries its token (notification not yet arrived)',
      async () => {
        await a.db.unitOfWork(async (tx) => {
          await tx.updateTable('enterprise').set({ status: 'ST' }).where('number', '=', en).execute();
          await appendAudit(tx, a.db.engine, {
            at: a.clock.now().toISOString(),
            actor: P.sofieJanssens.number,
            actorRole: 'service_desk',
            enterprise: en,
            action: 'foreign_enterprise.linked',
            target: en,
          });
        });
        await b.index.atLeast(Number(await currentConsistencyToken(a.db.db)));
      },
    ],
    [
      "another node's register import, once B is notified",
      async () => {
        setMode('real');
        const before = await importStatus('ST');
        await until(() => feed().registerVersion() > before);
      },
    ],
    [
      "another node's register import while B's feed cannot vouch (same connection, not yet told)",
      async () => {
        await importStatus('ST');
        setMode('silent');
        expect(await ask(other)).toBe('no_grant'); // a barrier in between, at another enterprise
      },
    ],
    [
      "another node's register import while B's feed cannot vouch, then vouching again once told",
      async () => {
        const before = await importStatus('ST');
        setMode('silent');
        expect(await ask(other)).toBe('no_grant');
        setMode('real');
        await until(() => feed().registerVersion() > before);
      },
    ],
  ];
  it.each(stops)('stopped: %s', async (_how, stop) => {
    expect(await ask()).toBe('yes');
    setMode('held');
    expect(await ask(other)).toBe('no_grant'); // B current at the held feed: what follows is from memory
    await stop();
    // a check at another enterprise first: a barrier it runs must not leave the old status standing
    expect(await ask(other)).toBe('no_grant');
    expect(await ask()).toBe('enterprise_stopped');
    await restore();
  });

  it("resource search's statuses, while B's feed cannot vouch, are read and not taken from memory", async () => {
    await ask();
    setMode('held');
    await importStatus('ST');
    setMode('silent');
    await b.index.beginExact();
    expect((await b.index.statusesOf([en])).get(en)).toBe('ST');
    await restore();
  });

  // Changes that cannot alter a status: the statuses stay held, and a check reads none.
  const keeps: [string, () => Promise<void>][] = [
    [
      "another node's grant, once B is notified",
      async () => {
        await grantAccess(a, as(P.sofieJanssens.number), {
          enterprise: en,
          person: P.lotteMartens.number,
          service: 'finance.intervat',
        });
        const token = Number(await currentConsistencyToken(a.db.db));
        await until(() => feed().stats.lastSeq >= token);
      },
    ],
    [
      "another process's raw write to access_grant (no audit event), once notified",
      async () => {
        const n = feed().stats.notifications;
        await rawA().query('update access_grant set domain = domain where person_number = $1', [P.tomMaes.number]);
        await until(() => feed().stats.notifications > n);
      },
    ],
    [
      "a moment B's feed cannot vouch on the same connection",
      async () => {
        setMode('silent');
        expect(await ask(other)).toBe('no_grant');
        setMode('real');
      },
    ],
  ];
  it.each(keeps)('kept: %s', async (_what, change) => {
    expect(await ask()).toBe('yes');
    await change();
    expect(await ask()).toBe('yes'); // the barrier: one read, which reads this enterprise's status
    const before = reads.status;
    expect(await ask(other)).toBe('no_grant');
    expect(complete()).toBe(true);
    expect(reads.status).toBe(before);
  });

  it('a reconnection of the feed drops them (notifications may have been lost), and they are read again', async () => {
    expect(await ask()).toBe('yes');
    const before = feed().registerVersion();
    await rawA().query('select pg_terminate_backend($1)', [feed().stats.pid]);
    await until(() => feed().registerVersion() > before);
    await importStatus('ST'); // while B listens to nothing
    expect(await ask()).toBe('enterprise_stopped');
    expect(complete()).toBe(false);
  });
});
