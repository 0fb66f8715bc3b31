/**
 * Register files in, one transaction per file: the legal functions feed, the employment register,
 * the persons file and the Social Security capacities (issue 19), read by the streaming reader of csv-reader.ts and written through the
 * bulk session of bulk-session.ts (both shared with the KBO import).
 *
 * Idempotence rule for these three files: upsert on the primary key. A line replaces the row with
 * the same key (functions: enterprise, person, function, start; employment: enterprise, person,
 * start; persons: number); rows absent from the file are left alone. So a file can be imported
 * twice, and a later file can end a function by carrying its EndDate.
 */
import { basename } from 'node:path';
import { CAPACITIES, isCapacity } from '../../domain/capacities.ts';
import type { DbHandle } from '../db/database.ts';
import { impactDetails, recordImportRun, withBulkSession } from './bulk-session.ts';
import {
  type Cell,
  countLines,
  type ImportProgress,
  parseDate,
  RowError,
  readCsv,
  requireEnterprise,
  requirePerson,
  text,
} from './csv-reader.ts';
import { type ImpactGuard, type ImportImpact, startImpactGuard } from './register-impact.ts';

export type RegisterFileKind = 'functions' | 'employment' | 'persons' | 'capacities';

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

const DOMAIN_CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

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
  // issue 19, section 4: the ONSS employer register and the list of recognised social secretariats
  capacities: {
    table: 'enterprise_capacity',
    header: ['EntityNumber', 'Domain', 'Capacity', 'StartDate', 'EndDate'],
    columns: ['enterprise_number', 'domain', 'capacity', 'start_date', 'end_date'],
    key: ['enterprise_number', 'domain', 'capacity', 'start_date'],
    toRow: ([entity = '', domain = '', capacity = '', start = '', end = '']) => {
      const d = domain.trim().toLowerCase();
      if (d.length > 64 || !DOMAIN_CODE.test(d)) throw new RowError('Domain: not a domain code (e.g. social-security)');
      const c = capacity.trim().toLowerCase();
      if (!isCapacity(c)) throw new RowError(`Capacity: must be one of ${CAPACITIES.join(', ')}`);
      return [requireEnterprise(entity, 'EntityNumber'), d, c, ...period(start, end)];
    },
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
