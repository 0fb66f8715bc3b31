/**
 * The KBO open data extract, as the KBO publishes it (Cookbook KBO Open Data): a directory with
 * meta.csv, code.csv, enterprise.csv, denomination.csv, establishment.csv (full extract) or
 * <table>_delete.csv / <table>_insert.csv (update extract, ExtractType=update).
 *
 * Decisions:
 * - One transaction for the whole extract, not one per file: an extract applied half (enterprises
 *   renewed, their names not) is worse than one not applied. A bad line rolls everything back and
 *   names file, line and reason.
 * - Full extract: the register tables' content is replaced. Update extract: per table, the delete
 *   file's entities lose all their rows, then the insert file's rows go in. An entity in an insert
 *   file also loses its old rows first even when the delete file forgot it (the Cookbook says the
 *   insert file carries all its rows): applying the same update twice gives the same content.
 * - Denominations of establishment units (EntityNumber 2-8…) are kept: they are the commercial
 *   names people know a shop or office by, which is what a service desk operator is given; they
 *   cost about one row in twenty and are keyed by their own number, so they never mix with the
 *   enterprise's names. Denominations of branch offices (Id 9…) are skipped and counted: the
 *   Cookbook says those ids are not official numbers, nothing can look them up.
 * - address, contact, activity and branch files are not read; the result lists them as ignored.
 * - An extract older (ExtractNumber) than the one imported last is refused without `force`: it
 *   would roll the register back. The same number again is allowed (idempotent).
 * - SQLite: secondary indexes of the register tables are dropped and rebuilt around a full
 *   import (measured in bench/README.md), and the page cache is enlarged for the duration.
 *   PostgreSQL: rows are deleted, not truncated, and indexes stay: TRUNCATE and DROP INDEX take
 *   an exclusive lock that would stall every access check for the length of the import, while
 *   with DELETE readers keep seeing the previous register until the commit.
 */
import { join } from 'node:path';
import type { DbHandle } from '../db/database.ts';
import { type BulkSession, impactDetails, recordImportRun, withBulkSession } from './bulk-session.ts';
import { countLines, type ImportProgress, invalidFile, readCsv } from './csv-reader.ts';
import {
  COLUMNS,
  DELETE_HEADERS,
  ENTITY_COLUMN,
  HEADERS,
  listExtract,
  READ,
  readMeta,
  SQL_TABLE,
  type TableName,
} from './kbo-extract.ts';
import { mappers } from './kbo-rows.ts';
import { type ImpactGuard, type ImportImpact, startImpactGuard } from './register-impact.ts';

export interface KboImportOptions {
  progress?: ImportProgress;
  now?: () => Date;
  /** import an extract older than the one imported last */
  force?: boolean;
  /** SQLite, full extract: drop secondary indexes during the load (default true) */
  dropIndexes?: boolean;
  /** works out what the extract does to rights, and holds it when that is over the limits (issue 17) */
  guard?: ImpactGuard;
}

export interface KboTableCounts {
  read: number;
  written: number;
  deleted: number;
}

export interface KboImportResult {
  type: 'full' | 'update';
  extractNumber: string | null;
  snapshotDate: string | null;
  tables: Record<TableName, KboTableCounts>;
  /** rows read from all files (meta.csv excluded) and rows written */
  rowsRead: number;
  rowsWritten: number;
  /** files of the extract this import does not read */
  ignoredFiles: string[];
  skippedBranchDenominations: number;
  importRunId: string;
  /** what the extract did to rights (when the import was guarded) */
  impact?: ImportImpact;
  seconds: number;
}

/**
 * A full extract replaces the KBO's rows, never the enterprises the service desk registered
 * without a KBO number (F-numbers, issue 19): no KBO number starts with F.
 */
const KEEP: Record<string, string> = {
  enterprise: " WHERE number NOT LIKE 'F%'",
  denomination: " WHERE entity_number NOT LIKE 'F%'",
};

/** Enterprise, establishment unit or branch office, told apart by the first digit. */ /** The secondary indexes of the register tables, as SQLite stored their CREATE statements. */
async function dropSqliteIndexes(s: BulkSession): Promise<string[]> {
  const rows = await s.all<{ name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('enterprise', 'denomination', 'establishment', 'kbo_code')",
  );
  for (const r of rows) await s.run(`DROP INDEX "${r.name.replaceAll('"', '""')}"`);
  return rows.map((r) => r.sql);
}

export async function importKboExtract(
  handle: DbHandle,
  dir: string,
  opts: KboImportOptions = {},
): Promise<KboImportResult> {
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const files = listExtract(dir);
  const meta = await readMeta(dir, files);
  const type = (meta.get('ExtractType') ?? '').trim().toLowerCase();
  if (type !== 'full' && type !== 'update')
    throw invalidFile(
      'meta.csv',
      `ExtractType must be full or update, got ${JSON.stringify(meta.get('ExtractType') ?? '')}`,
    );
  const extractNumber = meta.get('ExtractNumber')?.trim() || null;

  // What to read, in order: per table the delete file before the insert file.
  type Step = { table: TableName; file: string; action: 'replace' | 'delete' | 'insert' };
  const steps: Step[] = [];
  const want = (lower: string, step: Omit<Step, 'file'>, isRequired: boolean) => {
    const file = files.get(lower);
    if (file) steps.push({ ...step, file });
    else if (isRequired) throw invalidFile(lower, `missing from the full extract in ${dir}`);
  };
  for (const table of READ) {
    if (type === 'full') want(`${table}.csv`, { table, action: 'replace' }, true);
    else {
      // the Cookbook's update extracts carry the whole code list; code_delete/insert if present
      if (table === 'code') want('code.csv', { table, action: 'replace' }, false);
      want(`${table}_delete.csv`, { table, action: 'delete' }, false);
      want(`${table}_insert.csv`, { table, action: 'insert' }, false);
    }
  }
  const read = new Set(['meta.csv', ...steps.map((s) => s.file.toLowerCase())]);
  const ignoredFiles = [...files.entries()]
    .filter(([lower]) => !read.has(lower))
    .map(([, f]) => f)
    .sort();

  const sizes = await Promise.all(steps.map((s) => countLines(join(dir, s.file))));
  opts.progress?.total(sizes.reduce((a, n) => a + Math.max(0, n - 1), 0));

  const m = mappers(startedAt.toISOString());
  const tables = Object.fromEntries(
    READ.map((t) => [t, { read: 0, written: 0, deleted: 0 }]),
  ) as KboImportResult['tables'];

  return withBulkSession(handle, async (s) => {
    const stored = (await s.all<{ value: string }>("SELECT value FROM kbo_meta WHERE variable = 'ExtractNumber'"))[0]
      ?.value;
    if (!opts.force && stored && extractNumber && Number(extractNumber) < Number(stored)) {
      throw invalidFile(
        'meta.csv',
        `extract ${extractNumber} is older than extract ${stored}, imported before; force to import it anyway`,
      );
    }
    // counted before the register changes, then after, in this transaction (issue 17)
    const guard = await startImpactGuard(s, opts.guard);
    const isSqlite = s.engine === 'sqlite';
    let indexes: string[] = [];
    let cacheSize: number | undefined;
    if (isSqlite) {
      cacheSize = (await s.all<{ cache_size: number }>('PRAGMA cache_size'))[0]?.cache_size;
      await s.run('PRAGMA cache_size = -262144'); // 256 MiB: B-tree pages of 1M rows stay in memory
    }
    try {
      if (type === 'full') {
        if (isSqlite && opts.dropIndexes !== false) indexes = await dropSqliteIndexes(s);
        for (const t of [...READ.map((t) => SQL_TABLE[t]), 'kbo_meta']) await s.run(`DELETE FROM ${t}${KEEP[t] ?? ''}`);
      }
      for (const step of steps) {
        const { table } = step;
        const source = { path: join(dir, step.file), name: step.file };
        const counts = tables[table];
        if (step.action === 'delete') {
          const sink =
            table === 'code'
              ? s.deleter('kbo_code', ['category', 'code'])
              : s.deleter(SQL_TABLE[table], [ENTITY_COLUMN[table]]);
          const map = m.key[table];
          await readCsv(
            source,
            DELETE_HEADERS[table],
            (v, record) => {
              const key = map(v);
              if (key) sink.add(key, record);
            },
            { afterChunk: () => sink.flush(), atEnd: () => sink.finish(), progress: opts.progress },
          );
          counts.deleted += sink.count;
          continue;
        }
        if (step.action === 'replace' && type === 'update') counts.deleted += await s.run('DELETE FROM kbo_code');
        const sink =
          step.action === 'replace'
            ? s.inserter(SQL_TABLE[table], COLUMNS[table], { keyLabel: HEADERS[table][0] })
            : table === 'code'
              ? s.inserter('kbo_code', COLUMNS.code, {
                  onConflict: { key: ['category', 'code', 'language'], update: ['description'] },
                })
              : s.inserter(SQL_TABLE[table], COLUMNS[table], {
                  replaceGroup: ENTITY_COLUMN[table],
                  keyLabel: HEADERS[table][0],
                });
        const map = m.row[table];
        counts.read += await readCsv(
          source,
          HEADERS[table],
          (v, record) => {
            const row = map(v);
            if (row) sink.add(row, record);
          },
          { afterChunk: () => sink.flush(), atEnd: () => sink.finish(), progress: opts.progress },
        );
        counts.written += sink.count;
      }
      for (const sql of indexes) await s.run(sql);
    } finally {
      if (cacheSize !== undefined) await s.run(`PRAGMA cache_size = ${Number(cacheSize)}`);
    }
    const impact = await guard.finish();

    for (const [variable, value] of meta) {
      await s.run(
        'INSERT INTO kbo_meta (variable, value) VALUES (?, ?) ON CONFLICT (variable) DO UPDATE SET value = excluded.value',
        [variable, value],
      );
    }
    if (!isSqlite && type === 'full') await s.run('ANALYZE enterprise, denomination, establishment');

    const rowsRead = READ.reduce((a, t) => a + tables[t].read, 0);
    const rowsWritten = READ.reduce((a, t) => a + tables[t].written, 0);
    const details = {
      extractType: type,
      extractNumber,
      snapshotDate: meta.get('SnapshotDate') ?? null,
      tables,
      ignoredFiles,
      skippedBranchDenominations: m.branches,
      ...impactDetails(impact),
    };
    const finishedAt = now();
    const importRunId = await recordImportRun(
      s,
      { kind: `kbo-${type}`, source: dir, startedAt, rowsRead, rowsWritten, details },
      finishedAt,
    );
    return {
      type,
      extractNumber,
      snapshotDate: meta.get('SnapshotDate') ?? null,
      tables,
      rowsRead,
      rowsWritten,
      ignoredFiles,
      skippedBranchDenominations: m.branches,
      importRunId,
      impact,
      seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    };
  });
}
