/**
 * Resource search answers kept while nothing they depend on can have changed (issue 20): a person
 * acting for 5,000 clients took over a second per page, every page recomputing the whole list (the
 * grants under mandates, both enterprises' statuses, the person's ties to the office). An answer is
 * kept with a stamp of the database's committed state and the instant it changes by itself (a grant
 * or mandate starting or ending, the next hour for the day-based register checks); it is used again
 * only while the stamp is the same and that instant has not come.
 *
 * The stamp moves with every commit, of this process or any other:
 * - SQLite: `data_version` (another connection committed) and `total_changes()` (this connection
 *   changed rows), read by one statement that touches no table; none inside an open transaction.
 * - PostgreSQL (session 10): the change feed's version (change-feed.ts) while it vouches: it moves
 *   with every notification, i.e. every commit of any process to the tables an answer is computed
 *   from (the register, grants, mandates, appointments) and every audited change; this process's
 *   own writes move the index's stamp beside it (its write counter, at the next barrier). It does
 *   not move for a commit elsewhere in the cluster (another database: transaction ids are the
 *   cluster's) nor for a write to a table no answer reads (the grant-use recorder's `grant_use`):
 *   `pg_current_snapshot()`, the stamp before, moved with both, so on a shared server a kept answer
 *   was never served (bench/README.md, "Session 10: PostgreSQL's gaps"). An answer is computed from
 *   the index's memory, which takes another process's commit in through the same feed: the stamp
 *   is exactly as fresh as the answer would be if computed again. While the feed cannot vouch, the
 *   snapshot, as before.
 * The stamp is read before the answer is computed, so a commit racing with the computation moves the
 * next stamp and the answer is not used again (review 9). Any write of this process, relevant or
 * not, drops every answer: cheap to be right, and a list read page after page or at every login is
 * read far more often than the database changes between two reads.
 */
import type { DbHandle } from '../infra/db/database.ts';

type MaybePromise<T> = T | Promise<T>;

export interface SearchCache {
  /** the database's committed state now; null when it cannot be told (then nothing is kept) */
  stamp(): MaybePromise<string | null>;
  get<T>(key: string, stamp: string, nowMs: number): T[] | undefined;
  set<T>(key: string, stamp: string, nowMs: number, changesAtMs: number, results: T[]): void;
}

/** At most this many results held over all answers (an answer of 5,000 clients is about 1 MB). */
const MAX_RESULTS = 200_000;
/** Register facts are checked for the day (employment, legal function): kept at most to the next hour. */
const HOUR_MS = 3_600_000;

export function createSearchCache(db: DbHandle): SearchCache {
  const raw = db.raw;
  let stamp: () => MaybePromise<string | null>;
  if (raw.kind === 'sqlite') {
    const version = raw.sqlite.prepare('select data_version, total_changes() from pragma_data_version').raw(true);
    stamp = () => {
      if (raw.sqlite.inTransaction) return null;
      const [v, t] = version.get() as [number, number];
      return `${v}.${t}`;
    };
  } else {
    const snapshot = async () => {
      try {
        const { rows } = await raw.pool.query('select pg_current_snapshot()::text as s');
        return (rows[0] as { s: string }).s;
      } catch {
        return null; // an older server without the function: computed every time, as before
      }
    };
    const feed = db.writes ? db.changeFeed?.() : undefined;
    stamp = () => {
      if (feed) {
        // two equal reads: the feed vouches (else every read is a new number)
        const v = feed.version();
        if (feed.version() === v) return `feed.${v}`;
      }
      return snapshot();
    };
  }
  const held = new Map<string, { untilMs: number; results: unknown[] }>();
  let current: string | null = null;
  let size = 0;
  return {
    stamp,
    get<T>(key: string, s: string, nowMs: number) {
      if (s !== current) return undefined;
      const e = held.get(key);
      return e && nowMs < e.untilMs ? (e.results as T[]) : undefined;
    },
    set<T>(key: string, s: string, nowMs: number, changesAtMs: number, results: T[]) {
      if (results.length > MAX_RESULTS) return;
      // a new state of the database: the answers of the old one will not be used again
      if (s !== current || size + results.length > MAX_RESULTS) {
        held.clear();
        size = 0;
        current = s;
      }
      size -= held.get(key)?.results.length ?? 0;
      const nextHour = (Math.floor(nowMs / HOUR_MS) + 1) * HOUR_MS;
      held.set(key, { untilMs: Math.min(changesAtMs, nextHour), results });
      size += results.length;
    },
  };
}
