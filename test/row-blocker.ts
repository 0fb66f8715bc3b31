/**
 * Makes two requests interleave deterministically on PostgreSQL: a second connection holds a row
 * lock (`SELECT … FOR UPDATE` in an open transaction) or an advisory lock while the requests run up to it, so both
 * pass their reads before either may write; `release()` lets them go, one after the other.
 * On SQLite (writes serialised) there is nothing to hold: the requests simply run in turn.
 */
import pg from 'pg';
import type { Deps } from '../src/app/deps.ts';

export interface RowBlocker {
  /** waits until `n` sessions wait, directly or in a queue, on the held lock (at most `ms`, 30 s by default: on a loaded machine two requests take seconds to reach the lock) */
  waitForWaiters(n: number, ms?: number): Promise<number>;
  release(): Promise<void>;
}

const noBlocker: RowBlocker = { waitForWaiters: async () => 0, release: async () => {} };

/** Locks the rows of `table` where `column` = `value` (identifiers are the test's own constants). */
export async function blockRow(deps: Deps, table: string, column: string, value: string): Promise<RowBlocker> {
  if (!/^[a-z_]+$/.test(table) || !/^[a-z_]+$/.test(column)) throw new Error('bad identifier');
  return hold(deps, `select 1 from ${table} where ${column} = $1 for update`, value);
}

/** Holds the transaction-level advisory lock `pg_advisory_xact_lock(hashtext(key))`. */
export async function blockAdvisory(deps: Deps, key: string): Promise<RowBlocker> {
  return hold(deps, 'select pg_advisory_xact_lock(hashtext($1))', key);
}

async function hold(deps: Deps, lock: string, value: string): Promise<RowBlocker> {
  if (deps.db.engine !== 'postgres') return noBlocker;
  const c = new pg.Client({ connectionString: deps.config.databaseUrl });
  await c.connect();
  await c.query('begin');
  await c.query(lock, [value]);
  const me = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  let released = false;
  return {
    async waitForWaiters(n, ms = 30_000) {
      const until = Date.now() + ms;
      for (;;) {
        // Inside the holder's open transaction PostgreSQL keeps the first snapshot of
        // pg_stat_activity until the transaction ends: without clearing it, every poll saw the
        // sessions of the first one, and a request that came to the lock later was never counted
        // (the CI failures of finding 1 in review 5, "expected 1 to be ≥ 2").
        await c.query('select pg_stat_clear_snapshot()');
        // the sessions blocked by the holder, or by a session blocked by it (a queue)
        const r = await c.query<{ n: number }>(
          `with recursive w(pid) as (
             select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))
             union select a.pid from pg_stat_activity a, w where w.pid = any(pg_blocking_pids(a.pid)))
           select count(*)::int as n from w`,
          [me],
        );
        const count = r.rows[0]!.n;
        if (count >= n || Date.now() > until) return count;
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    async release() {
      if (released) return;
      released = true;
      await c.query('rollback');
      await c.end();
    },
  };
}
