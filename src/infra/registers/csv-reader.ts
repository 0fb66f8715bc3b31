/**
 * A streaming CSV reader for the register files and the KBO extract: it names the line of a bad
 * record (the physical line, counted again only on the error path), checks the header, and
 * reports progress. Also the value checks every register file shares (dates, enterprise and
 * person numbers, text lengths).
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { DomainError } from '../../domain/errors.ts';
import { parseEnterpriseNumber, parsePersonNumber } from '../../domain/identifiers.ts';

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
export function requirePerson(value: string, column: string): string {
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
