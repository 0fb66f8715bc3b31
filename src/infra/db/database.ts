import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { type ChangeFeed, type ChangeFeedOptions, createChangeFeed } from './change-feed.ts';
import { OwnSchemaPostgresDialect } from './own-schema-introspector.ts';
import type { Database } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the root handle or a transaction: repositories accept both. */
export type Queryable = Kysely<Database>;

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** A change and its audit event and its outbox message commit together, or not at all. */
  unitOfWork<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * This process's writes, counted after each statement ran (so after its commit): every
   * statement that is not a read, the rows they changed (SQLite), and those that wrote to the
   * enterprise register or a mandate fact. The check index compares them instead of asking the
   * database before every check (issue 20, docs/consistency.md). SQLite: through Kysely.
   * PostgreSQL: every statement of every pooled connection (Kysely and raw alike).
   */
  writes?: WriteCounter;
  /**
   * PostgreSQL only: other processes' commits, learned through LISTEN on a dedicated connection
   * (change-feed.ts), started at the first call and closed with the handle.
   */
  changeFeed?: () => ChangeFeed;
  /** The raw driver, for bulk paths (register imports) where a query builder costs too much. */
  raw: { kind: 'sqlite'; sqlite: SqliteDatabase.Database } | { kind: 'postgres'; pool: pg.Pool };
}

export interface WriteCounter {
  /** statements other than reads (begin and commit included) */
  statements: number;
  /** rows they changed, as SQLite's total_changes() counts them */
  rows: number;
  /** statements that wrote to the enterprise table (register status) */
  enterprise: number;
  /**
   * statements that wrote to a table a mandate answer depends on (issue 20: the check index holds
   * answers under mandates while these stand still): the registers (enterprise, employment,
   * legal_function), mandates and their scopes, grants and appointments
   */
  mandateFacts: number;
}

/**
 * A statement writing one of `tables`: its write may stand anywhere, not only first (review 10: a
 * `with … update mandate`, a `merge into`, a `copy`, `only` or a schema-qualified name moved the statement
 * count but neither of the counters below, so this node kept a yes and a status its own write had
 * ended). Naming a table elsewhere (a join, a column) is no write to it; a false positive only costs
 * a reload.
 */
const WRITE_TO = (tables: string) =>
  new RegExp(
    `(?:^|[\\s;(])(?:insert(?:\\s+or\\s+\\w+)?\\s+into|replace\\s+into|update(?:\\s+or\\s+\\w+)?|delete\\s+from|merge\\s+into|truncate(?:\\s+table)?|copy)\\s+(?:only\\s+)?(?:"?\\w+"?\\.)?"?(?:${tables})"?(?:[\\s("]|$)`,
    'i',
  );
const ENTERPRISE_WRITE = WRITE_TO('enterprise');
const MANDATE_FACT_WRITE = WRITE_TO(
  'enterprise|employment|legal_function|mandate|mandate_scope|access_grant|appointment',
);

/**
 * The database Kysely sees: better-sqlite3's, with every write statement counted after it ran.
 * Kysely runs begin, commit and rollback through the same prepare/run, so the count moves after a
 * commit, never only before it.
 */
function countingSqlite(sqlite: SqliteDatabase.Database, w: WriteCounter) {
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      const st = sqlite.prepare(text);
      if (st.reader) return st;
      const enterprise = ENTERPRISE_WRITE.test(text);
      const mandateFact = MANDATE_FACT_WRITE.test(text);
      return {
        reader: false,
        all: (p: readonly unknown[]) => st.all(p),
        iterate: (p: readonly unknown[]) => st.iterate(p),
        run: (p: readonly unknown[]) => {
          let changes = 0;
          try {
            const r = st.run(p);
            changes = r.changes;
            return r;
          } finally {
            w.rows += changes;
            if (enterprise) w.enterprise++;
            if (mandateFact) w.mandateFacts++;
            w.statements++;
          }
        },
      };
    },
  };
}

/** a statement that changes nothing: a plain select (a `with` may hide a write: counted) */
const PG_READ = /^\s*select\b/i;
/** the end of a transaction: what it wrote becomes visible to the other connections */
const TX_END = /^\s*(?:commit|rollback|end|abort)\b/i;

/**
 * Counts every statement of a pooled connection that is not a plain select, after it ran (begin
 * and commit included, so the count moves after a commit has been answered): the check index
 * then reads the database at the next check on this node (issue 20). Kysely and raw queries both
 * go through the client's `query`.
 */
function countPgWrites(client: pg.PoolClient, w: WriteCounter) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  // Written on this connection since its last commit or rollback: a check that ran between the
  // write and its commit read the old rows and recorded the counters with the write in them, so
  // the commit must move them again (review8: else a status held from before the commit stood).
  let pendingEnterprise = false;
  let pendingMandateFact = false;
  const counted = (...args: unknown[]) => {
    const a = args[0];
    const text = typeof a === 'string' ? a : ((a as { text?: unknown } | null)?.text ?? '');
    if (typeof text !== 'string' || PG_READ.test(text)) return query(...args);
    let enterprise = ENTERPRISE_WRITE.test(text);
    let mandateFact = MANDATE_FACT_WRITE.test(text);
    if (TX_END.test(text)) {
      enterprise ||= pendingEnterprise;
      mandateFact ||= pendingMandateFact;
      pendingEnterprise = false;
      pendingMandateFact = false;
    } else {
      pendingEnterprise ||= enterprise;
      pendingMandateFact ||= mandateFact;
    }
    const count = () => {
      if (enterprise) w.enterprise++;
      if (mandateFact) w.mandateFacts++;
      w.statements++;
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      // callback form: count before the callback hears of the result
      args[args.length - 1] = (...cb: unknown[]) => {
        count();
        return (last as (...x: unknown[]) => unknown)(...cb);
      };
      return query(...args);
    }
    const r = query(...args);
    if (r instanceof Promise) return r.finally(count);
    count(); // a submittable (a cursor, only ever for reads): counted as it starts
    return r;
  };
  (client as unknown as { query: unknown }).query = counted;
}

// PostgreSQL returns BIGINT/NUMERIC as strings by default; our counters fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

export function openDatabase(url: string, opts: { poolSize?: number; changeFeed?: ChangeFeedOptions } = {}): DbHandle {
  if (url.startsWith('sqlite:')) {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return sqliteHandle(new SqliteDatabase(path));
  }
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  // An idle client that loses its server (restart) must not crash the process.
  pool.on('error', () => {});
  // Nor a client checked out at that moment (inside a transaction, between two queries): pg emits
  // 'error' on it, and without a listener the process dies (issue 8, found by restarting
  // PostgreSQL under load). Its pending query fails on its own; the pool drops the broken client.
  const writes: WriteCounter = { statements: 0, rows: 0, enterprise: 0, mandateFacts: 0 };
  pool.on('connect', (client) => {
    client.on('error', () => {});
    countPgWrites(client, writes);
  });
  const db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  let feed: ChangeFeed | undefined;
  return {
    db,
    engine: 'postgres',
    writes,
    changeFeed: () => {
      feed ??= createChangeFeed(url, opts.changeFeed);
      return feed;
    },
    unitOfWork: (work) => db.transaction().execute(work),
    close: async () => {
      await feed?.close();
      await db.destroy();
    },
    raw: { kind: 'postgres', pool },
  };
}

/** A handle over an open better-sqlite3 database (a file, memory, or a deserialized snapshot). */
export function sqliteHandle(sqlite: SqliteDatabase.Database): DbHandle {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const writes: WriteCounter = { statements: 0, rows: 0, enterprise: 0, mandateFacts: 0 };
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: countingSqlite(sqlite, writes) }) });
  return {
    db,
    engine: 'sqlite',
    writes,
    // Kysely's SQLite driver holds one connection behind a mutex, so transactions are
    // serialised inside this process. Across processes on one file, a deferred transaction
    // that reads and then writes fails at once with SQLITE_BUSY when another process wrote in
    // between (busy_timeout does not apply to that upgrade), so we take the write lock up front
    // with BEGIN IMMEDIATE, which does wait.
    unitOfWork: (work) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await work(conn as unknown as Tx);
          await sql`commit`.execute(conn);
          return result;
        } catch (e) {
          await sql`rollback`.execute(conn);
          throw e;
        }
      }),
    close: () => db.destroy(),
    raw: { kind: 'sqlite', sqlite },
  };
}
