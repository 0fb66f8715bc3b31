/**
 * Register files in, one transaction per file: the legal functions feed, the employment register
 * and the persons file. Also the machinery the KBO import shares: a streaming CSV reader that
 * names the line of a bad record, and a bulk session that writes through the raw driver
 * (prepared statements on SQLite, unnest() batches on PostgreSQL) because a query builder per row
 * costs more than the parsing.
 *
 * Idempotence rule for these three files: upsert on the primary key. A line replaces the row with
 * the same key (functions: enterprise, person, function, start; employment: enterprise, person,
 * start; persons: number); rows absent from the file are left alone. So a file can be imported
 * twice, and a later file can end a function by carrying its EndDate.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { DomainError } from '../../domain/errors.ts';
import { parseEnterpriseNumber, parsePersonNumber } from '../../domain/identifiers.ts';
import type { DbHandle } from '../db/database.ts';
import { type ImpactGuard, type ImportImpact, startImpactGuard } from './register-impact.ts';

export type Cell = string | null;

/** What the importers report progress to; the CLI's progress bar fits it. */
export interface ImportProgress {
  total(n: number): void;
  tick(n: number): void;
}

/** A problem with one record; the reader turns it into import.invalid_line with the line number. */
export class RowError extends Error {
  readonly reason: string;
  /** 0-based record index in the file (0 is the header); the current record when absent */
  readonly record?: number;

  constructor(reason: string, record?: number) {
    super(reason);
    this.reason = reason;
    this.record = record;
  }
}

export const invalidFile = (file: string, reason: string): DomainError =>
  new DomainError('import.invalid_file', { file, reason }, `${file}: ${reason}`);

// ---------------------------------------------------------------------------------------------
// Reading

/** Newlines in a file: the progress total, counted in one cheap pass over the bytes. */
export async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

/** The physical line a record ends on. Only for the error path: it parses the file again. */
async function lineOfRecord(path: string, record: number): Promise<number> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true, to: record + 1 }),
  );
  let line = record + 1;
  for await (const r of parser as AsyncIterable<{ info: { lines: number } }>) line = r.info.lines;
  return line;
}

export interface CsvSource {
  path: string;
  /** the name error messages use, e.g. `enterprise.csv` */
  name: string;
}

/**
 * Streams `source` through csv-parse, checks the header has `expected` columns (any order, any
 * case, extra columns ignored) and calls `onRow` with the values in `expected` order. A RowError
 * thrown by `onRow` or `afterChunk` becomes import.invalid_line naming the file and line.
 * `afterChunk` runs after every 1 MB of input (the PostgreSQL writer sends its batches there),
 * `atEnd` once after the last record (it sends the rest).
 * Returns the number of data records.
 */
export async function readCsv(
  source: CsvSource,
  expected: readonly string[],
  onRow: (values: string[], record: number) => void,
  opts: { afterChunk?: () => Promise<void>; atEnd?: () => Promise<void>; progress?: ImportProgress } = {},
): Promise<number> {
  const parser = parse({ bom: true, skip_empty_lines: true });
  let parseError: (Error & { lines?: number }) | undefined;
  parser.on('error', (e) => {
    parseError = e;
  });
  let record = 0;
  let order: number[] | undefined; // header position of each expected column
  let isIdentity = true;
  const handle = (r: string[]): void => {
    if (order === undefined) {
      const header = r.map((h) => h.trim().toLowerCase());
      order = expected.map((col) => header.indexOf(col.toLowerCase()));
      const missing = expected.filter((_, i) => order![i] === -1);
      if (missing.length)
        throw invalidFile(source.name, `header lacks ${missing.join(', ')} (expected ${expected.join(',')})`);
      isIdentity = order.every((p, i) => p === i);
    } else {
      onRow(isIdentity ? r : order.map((p) => r[p] ?? ''), record);
    }
    record++;
  };
  const drain = (): number => {
    const before = record;
    for (let r = parser.read() as string[] | null; r !== null; r = parser.read() as string[] | null) handle(r);
    return record - before;
  };
  try {
    for await (const chunk of createReadStream(source.path, { highWaterMark: 1 << 20 })) {
      parser.write(chunk);
      const n = drain();
      // csv-parse reports a malformed record through an 'error' event on the next tick
      await new Promise<void>((r) => setImmediate(r));
      if (parseError) throw parseError;
      opts.progress?.tick(n);
      if (opts.afterChunk) await opts.afterChunk();
    }
    // the last record comes out of csv-parse's flush, which runs after end() returns
    await new Promise<void>((resolve, reject) => {
      parser.on('readable', () => {
        try {
          const n = drain();
          opts.progress?.tick(n);
        } catch (e) {
          reject(e);
        }
      });
      parser.once('end', resolve);
      parser.once('error', reject);
      parser.end();
    });
    if (order === undefined) throw invalidFile(source.name, 'empty file: a header row is required');
    if (opts.atEnd) await opts.atEnd();
  } catch (e) {
    if (e instanceof RowError) {
      const line = await lineOfRecord(source.path, e.record ?? record);
      throw new DomainError(
        'import.invalid_line',
        { file: source.name, line, reason: e.reason },
        `${source.name}:${line}: ${e.reason}`,
      );
    }
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      const line = (e as { lines?: number }).lines ?? record + 1;
      throw new DomainError(
        'import.invalid_line',
        { file: source.name, line, reason: e.message },
        `${source.name}:${line}: ${e.message}`,
      );
    }
    throw e;
  } finally {
    parser.destroy();
  }
  return Math.max(0, record - 1);
}

// ---------------------------------------------------------------------------------------------
// Values

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * 'YYYY-MM-DD' from dd-mm-yyyy (the KBO's format) or, when `isIsoAllowed`, yyyy-mm-dd.
 * Empty is null; anything else that is not a real calendar date is a RowError.
 */
export function parseDate(value: string, column: string, isIsoAllowed: boolean): string | null {
  if (value === '') return null;
  let y = -1;
  let m = -1;
  let d = -1;
  if (value.length === 10 && value[2] === '-' && value[5] === '-') {
    d = digitsAt(value, 0, 2);
    m = digitsAt(value, 3, 5);
    y = digitsAt(value, 6, 10);
  } else if (isIsoAllowed && value.length === 10 && value[4] === '-' && value[7] === '-') {
    y = digitsAt(value, 0, 4);
    m = digitsAt(value, 5, 7);
    d = digitsAt(value, 8, 10);
  }
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RowError(`${column}: not a date (${isIsoAllowed ? 'yyyy-mm-dd or ' : ''}dd-mm-yyyy)`);
  }
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function requireEnterprise(value: string, column: string): string {
  const p = parseEnterpriseNumber(value);
  if (!p.ok) throw new RowError(`${column}: invalid enterprise number ${JSON.stringify(value)} (${p.reason})`);
  return p.value;
}

/** The reason only: a person number is personal data and stays out of error messages and logs. */
function requirePerson(value: string, column: string): string {
  const p = parsePersonNumber(value);
  if (!p.ok) throw new RowError(`${column}: invalid national register or BIS number (${p.reason})`);
  return p.value.number;
}

/** Checked here because PostgreSQL enforces varchar lengths and SQLite does not. */
export function text(value: string, column: string, max: number, isRequired: boolean): string | null {
  if (value === '') {
    if (isRequired) throw new RowError(`${column}: required`);
    return null;
  }
  if (value.length > max) throw new RowError(`${column}: longer than ${max} characters`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Writing

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

/** Written inside the import's transaction: a run is on record exactly when its data is. */
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

// ---------------------------------------------------------------------------------------------
// The three register files

export type RegisterFileKind = 'functions' | 'employment' | 'persons';

export interface FileImportResult {
  kind: RegisterFileKind;
  file: string;
  rowsRead: number;
  rowsWritten: number;
  importRunId: string;
  /** what the file did to rights (when the import was guarded) */
  impact?: ImportImpact;
  seconds: number;
}

export interface FileImportOptions {
  progress?: ImportProgress;
  now?: () => Date;
  /** works out what the file does to rights, and holds it when that is over the limits (issue 17) */
  guard?: ImpactGuard;
}

interface FileSpec {
  table: string;
  header: readonly string[];
  columns: readonly string[];
  key: readonly string[];
  toRow(v: string[]): Cell[];
}

function period(start: string, end: string): [string, string | null] {
  const from = parseDate(start, 'StartDate', true);
  if (from === null) throw new RowError('StartDate: required');
  const to = parseDate(end, 'EndDate', true);
  if (to !== null && to < from) throw new RowError('EndDate: before StartDate');
  return [from, to];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LANGUAGES = new Set(['nl', 'fr', 'de', 'en']);

const specs: Record<RegisterFileKind, FileSpec> = {
  functions: {
    table: 'legal_function',
    header: ['EntityNumber', 'PersonNumber', 'FunctionCode', 'StartDate', 'EndDate'],
    columns: ['enterprise_number', 'person_number', 'function_code', 'start_date', 'end_date'],
    key: ['enterprise_number', 'person_number', 'function_code', 'start_date'],
    toRow: ([entity = '', person = '', code = '', start = '', end = '']) => [
      requireEnterprise(entity, 'EntityNumber'),
      requirePerson(person, 'PersonNumber'),
      text(code.trim(), 'FunctionCode', 8, true),
      ...period(start, end),
    ],
  },
  employment: {
    table: 'employment',
    header: ['EntityNumber', 'PersonNumber', 'StartDate', 'EndDate'],
    columns: ['enterprise_number', 'person_number', 'start_date', 'end_date'],
    key: ['enterprise_number', 'person_number', 'start_date'],
    toRow: ([entity = '', person = '', start = '', end = '']) => [
      requireEnterprise(entity, 'EntityNumber'),
      requirePerson(person, 'PersonNumber'),
      ...period(start, end),
    ],
  },
  persons: {
    table: 'person',
    header: ['PersonNumber', 'FamilyName', 'GivenName', 'Language', 'Email'],
    columns: ['number', 'family_name', 'given_name', 'language', 'email'],
    key: ['number'],
    toRow: ([person = '', family = '', given = '', language = '', email = '']) => {
      const lang = language.trim().toLowerCase();
      if (!LANGUAGES.has(lang)) throw new RowError('Language: must be nl, fr, de or en');
      const mail = email.trim();
      if (mail !== '' && !EMAIL.test(mail)) throw new RowError('Email: not an e-mail address');
      return [
        requirePerson(person, 'PersonNumber'),
        text(family.trim(), 'FamilyName', 200, true),
        text(given.trim(), 'GivenName', 200, true),
        lang,
        mail || null,
      ];
    },
  },
};

export const registerFileHeaders = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.header])) as Record<
  RegisterFileKind,
  readonly string[]
>;

/** One file, one transaction: a bad line leaves the database as it was and names the line. */
export async function importRegisterFile(
  handle: DbHandle,
  kind: RegisterFileKind,
  path: string,
  opts: FileImportOptions = {},
): Promise<FileImportResult> {
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const spec = specs[kind];
  const source = { path, name: basename(path) };
  opts.progress?.total(Math.max(0, (await countLines(path).catch(() => 0)) - 1));
  return withBulkSession(handle, async (s) => {
    const guard = await startImpactGuard(s, opts.guard);
    const sink = s.inserter(spec.table, spec.columns, {
      onConflict: { key: spec.key, update: spec.columns.filter((c) => !spec.key.includes(c)) },
    });
    const rowsRead = await readCsv(source, spec.header, (v, record) => sink.add(spec.toRow(v), record), {
      afterChunk: () => sink.flush(),
      atEnd: () => sink.finish(),
      progress: opts.progress,
    });
    const impact = await guard.finish();
    const finishedAt = now();
    const importRunId = await recordImportRun(
      s,
      { kind, source: path, startedAt, rowsRead, rowsWritten: sink.count, details: impactDetails(impact) },
      finishedAt,
    );
    return {
      kind,
      file: source.name,
      rowsRead,
      rowsWritten: sink.count,
      importRunId,
      impact,
      seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    };
  });
}
