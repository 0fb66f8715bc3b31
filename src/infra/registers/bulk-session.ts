/**
 * Bulk writes for the register imports: one transaction on the raw driver (prepared statements
 * on SQLite, unnest() batches on PostgreSQL), because a query builder per row costs more than the
 * parsing; and the import run recorded in that same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../db/database.ts';
import { type Cell, RowError } from './csv-reader.ts';
import type { ImportImpact } from './register-impact.ts';

export interface RowSink {
  add(row: Cell[], record: number): void;
  /** lets the PostgreSQL sink send a full batch; call between chunks */
  flush(): Promise<void>;
  /** sends what is left; call once at the end of the file */
  finish(): Promise<void>;
  readonly count: number;
}

export interface InserterOptions {
  /** upsert: on a key conflict, update these columns */
  onConflict?: { key: readonly string[]; update: readonly string[] };
  /** before the first row of a group (an entity number), delete the group's existing rows */
  replaceGroup?: string;
  /** how a key conflict is reported: the file's column name for the key */
  keyLabel?: string;
}

/** One transaction on the raw driver. Statements use `?` placeholders on both engines. */
export interface BulkSession {
  readonly engine: 'sqlite' | 'postgres';
  run(sqlText: string, params?: Cell[]): Promise<number>;
  all<T>(sqlText: string, params?: Cell[]): Promise<T[]>;
  inserter(table: string, columns: readonly string[], opts?: InserterOptions): RowSink;
  deleter(table: string, keyColumns: readonly string[]): RowSink;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const PG_BATCH = 5000;

/** Runs `work` in one transaction on the raw driver: all or nothing. */
export async function withBulkSession<T>(handle: DbHandle, work: (s: BulkSession) => Promise<T>): Promise<T> {
  const session = handle.raw.kind === 'sqlite' ? sqliteSession(handle.raw.sqlite) : await pgSession(handle.raw.pool);
  try {
    const result = await work(session);
    await session.commit();
    return result;
  } catch (e) {
    await session.rollback();
    throw e;
  }
}

type SqliteDb = Extract<DbHandle['raw'], { kind: 'sqlite' }>['sqlite'];
type PgPool = Extract<DbHandle['raw'], { kind: 'postgres' }>['pool'];

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

function sqliteSession(db: SqliteDb): BulkSession {
  // BEGIN IMMEDIATE takes the write lock now, so a concurrent writer fails at once (after
  // busy_timeout) instead of half-way. The Kysely handle shares this connection: nothing else
  // in this process may use it until commit (the CLI runs the import alone).
  db.exec('BEGIN IMMEDIATE');
  return {
    engine: 'sqlite',
    run: async (q, params = []) => db.prepare(q).run(...params).changes,
    all: async <T>(q: string, params: Cell[] = []) => db.prepare(q).all(...params) as T[],
    inserter(table, columns, opts = {}) {
      const conflict = opts.onConflict
        ? ` ON CONFLICT (${opts.onConflict.key.join(', ')}) DO UPDATE SET ${opts.onConflict.update.map((c) => `${c} = excluded.${c}`).join(', ')}`
        : '';
      const insert = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${conflict}`,
      );
      const group = opts.replaceGroup;
      const groupAt = group ? columns.indexOf(group) : -1;
      const del = group ? db.prepare(`DELETE FROM ${table} WHERE ${group} = ?`) : undefined;
      const seen = new Set<string>();
      let count = 0;
      return {
        add(row, record) {
          if (del) {
            const g = row[groupAt] as string;
            if (!seen.has(g)) {
              seen.add(g);
              del.run(g);
            }
          }
          try {
            insert.run(row);
          } catch (e) {
            if (isUniqueViolation(e))
              throw new RowError(`duplicate ${opts.keyLabel ?? 'key'}: already on an earlier line`, record);
            throw e;
          }
          count++;
        },
        flush: async () => {},
        finish: async () => {},
        get count() {
          return count;
        },
      };
    },
    deleter(table, keyColumns) {
      const del = db.prepare(`DELETE FROM ${table} WHERE ${keyColumns.map((c) => `${c} = ?`).join(' AND ')}`);
      let count = 0;
      return {
        add(row) {
          count += del.run(row).changes;
        },
        flush: async () => {},
        finish: async () => {},
        get count() {
          return count;
        },
      };
    },
    commit: async () => {
      db.exec('COMMIT');
    },
    rollback: async () => {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
  };
}

const toPg = (q: string): string => {
  let i = 0;
  return q.replace(/\?/g, () => `$${++i}`);
};

/**
 * Rows are kept column-wise and sent as one `INSERT … SELECT * FROM unnest($1::text[], …)` per
 * 5 000 rows: one parameter per column whatever the batch size, so the statement stays small to
 * parse, and one batch is in flight while the next is being parsed.
 */
async function pgSession(pool: PgPool): Promise<BulkSession> {
  const client = await pool.connect();
  // A checked-out client that loses its server emits 'error'; unheard, that kills the process.
  // The query in flight rejects anyway, and the import fails and rolls back through that.
  const onError = () => {};
  client.on('error', onError);
  let isReleased = false;
  const release = (e?: Error) => {
    if (isReleased) return;
    isReleased = true;
    client.off('error', onError);
    client.release(e);
  };
  try {
    await client.query('BEGIN');
  } catch (e) {
    release(e as Error);
    throw e;
  }

  function batcher(send: (cols: Cell[][], records: number[]) => Promise<number>, width: number): RowSink {
    let cols: Cell[][] = Array.from({ length: width }, () => []);
    let records: number[] = [];
    let inflight: Promise<void> = Promise.resolve();
    let failure: unknown;
    let count = 0;
    const dispatch = async () => {
      await inflight;
      if (failure) throw failure;
      if (records.length === 0) return;
      const [c, r] = [cols, records];
      cols = Array.from({ length: width }, () => []);
      records = [];
      // the handler is attached at once so a failure is never an unhandled rejection
      inflight = send(c, r).then(
        (n) => {
          count += n;
        },
        (e) => {
          failure = e;
        },
      );
    };
    return {
      add(row, record) {
        for (let i = 0; i < width; i++) cols[i]!.push(row[i] ?? null);
        records.push(record);
      },
      flush: async () => {
        if (records.length >= PG_BATCH) await dispatch();
      },
      finish: async () => {
        await dispatch();
        await inflight;
        if (failure) throw failure;
      },
      get count() {
        return count;
      },
    };
  }

  const arrays = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}::text[]`).join(', ');

  return {
    engine: 'postgres',
    run: async (q, params = []) => (await client.query(toPg(q), params)).rowCount ?? 0,
    all: async <T>(q: string, params: Cell[] = []) => (await client.query(toPg(q), params)).rows as T[],
    inserter(table, columns, opts = {}) {
      const conflict = opts.onConflict
        ? ` ON CONFLICT (${opts.onConflict.key.join(', ')}) DO UPDATE SET ${opts.onConflict.update.map((c) => `${c} = excluded.${c}`).join(', ')}`
        : '';
      const insert = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${arrays(columns.length)})${conflict}`;
      const group = opts.replaceGroup;
      const groupAt = group ? columns.indexOf(group) : -1;
      const keyAt = (opts.onConflict?.key ?? []).map((k) => columns.indexOf(k));
      const seen = new Set<string>();
      return batcher(async (cols, records) => {
        if (group) {
          const fresh = [...new Set(cols[groupAt] as string[])].filter((g) => !seen.has(g));
          for (const g of fresh) seen.add(g);
          if (fresh.length) await client.query(`DELETE FROM ${table} WHERE ${group} = ANY($1::text[])`, [fresh]);
        }
        if (keyAt.length) [cols, records] = lastPerKey(cols, records, keyAt);
        try {
          return (await client.query(insert, cols)).rowCount ?? 0;
        } catch (e) {
          if (isUniqueViolation(e)) throw duplicateInBatch(e, cols, records, columns, opts.keyLabel);
          throw e;
        }
      }, columns.length);
    },
    deleter(table, keyColumns) {
      const q =
        keyColumns.length === 1
          ? `DELETE FROM ${table} WHERE ${keyColumns[0]} = ANY($1::text[])`
          : `DELETE FROM ${table} t USING unnest(${arrays(keyColumns.length)}) AS d(${keyColumns.map((_, i) => `k${i}`).join(', ')}) WHERE ${keyColumns.map((c, i) => `t.${c} = d.k${i}`).join(' AND ')}`;
      return batcher(async (cols) => (await client.query(q, cols)).rowCount ?? 0, keyColumns.length);
    },
    commit: async () => {
      await client.query('COMMIT');
      release();
    },
    rollback: async () => {
      if (isReleased) return;
      try {
        await client.query('ROLLBACK');
        release();
      } catch (e) {
        release(e as Error);
      }
    },
  };
}

/** An upsert may not touch a row twice in one statement: keep the last line of each key. */
function lastPerKey(cols: Cell[][], records: number[], keyAt: number[]): [Cell[][], number[]] {
  const last = new Map<string, number>();
  for (let i = 0; i < records.length; i++) last.set(keyAt.map((k) => cols[k]![i]).join('\u0000'), i);
  if (last.size === records.length) return [cols, records];
  const keep = [...last.values()].sort((a, b) => a - b);
  return [cols.map((c) => keep.map((i) => c[i]!)), keep.map((i) => records[i]!)];
}

/** PostgreSQL names the duplicate key in its detail; find the line that carried it. */
function duplicateInBatch(
  e: unknown,
  cols: Cell[][],
  records: number[],
  columns: readonly string[],
  label?: string,
): RowError {
  const m = /Key \((.+)\)=\((.+)\) already exists/.exec((e as { detail?: string }).detail ?? '');
  if (m) {
    const keyCols = m[1]!.split(', ').map((c) => columns.indexOf(c));
    const value = m[2]!;
    for (let i = records.length - 1; i >= 0; i--) {
      if (keyCols.map((k) => cols[k]?.[i]).join(', ') === value) {
        return new RowError(`duplicate ${label ?? 'key'}: already on an earlier line`, records[i]);
      }
    }
  }
  return new RowError(`duplicate ${label ?? 'key'} in this batch of lines`, records[0]);
}

// ---------------------------------------------------------------------------------------------
// Import runs

export interface ImportRun {
  kind: string;
  source: string;
  startedAt: Date;
  rowsRead: number;
  rowsWritten: number;
  details: Record<string, unknown>;
}

/** The import's impact as import_run.details keeps it: counts and the enterprises stopped. */
export function impactDetails(impact: ImportImpact | undefined): Record<string, unknown> {
  if (!impact) return {};
  return {
    impact: {
      totalRights: impact.totalRights,
      affectedRights: impact.affectedRights,
      stopped: impact.stopped.map((x) => x.enterprise),
      ineligible: impact.ineligible.map((x) => x.appointment),
      confirmationId: impact.confirmationId,
    },
  };
}

/** Written inside the import's transaction: a run is on record exactly when its data is. */
export async function recordImportRun(s: BulkSession, run: ImportRun, finishedAt: Date): Promise<string> {
  const id = randomUUID();
  await s.run(
    'INSERT INTO import_run (id, kind, source, started_at, finished_at, rows_read, rows_written, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      id,
      run.kind,
      run.source,
      run.startedAt.toISOString(),
      finishedAt.toISOString(),
      String(run.rowsRead),
      String(run.rowsWritten),
      JSON.stringify(run.details),
    ],
  );
  return id;
}
