/**
 * `btb backup FILE` and `btb restore FILE` (issue 8; docs/reliability.md "Backups").
 *
 * SQLite: the backup goes through SQLite's online backup API (better-sqlite3 `db.backup()`), so it
 * is a consistent copy even while a server writes; it is written beside FILE and renamed into
 * place once its integrity check passes, so a half-written FILE never exists.
 * PostgreSQL: `pg_dump --format=custom` (a consistent snapshot, online) and `pg_restore`, from the
 * postgresql-client package; the schema named in the URL's search_path is the one dumped.
 *
 * Restore refuses a database that holds data unless --force: restoring over live data is almost
 * always a mistake, and the server must be stopped while it runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type { Command } from 'commander';
import { DomainError } from '../domain/errors.ts';
import { setAnchorsAsideAfterRestore } from '../infra/audit/restore-anchors.ts';
import type { Config } from '../infra/config.ts';
import { openDatabase, sqlitePath } from '../infra/db/database.ts';

export function registerBackupCommands(program: Command, loadConfig: () => Config): void {
  program
    .command('backup')
    .description('Write a consistent copy of the database to FILE, online (the server may keep serving)')
    .argument(
      '<file>',
      'where to write the backup (SQLite: a database file; PostgreSQL: a pg_dump custom-format archive)',
    )
    .option('--force', 'overwrite FILE if it exists')
    .action(async (file: string, opts: { force?: boolean }) => {
      const databaseUrl = libpqUrl(loadConfig().databaseUrl);
      if (existsSync(file) && !opts.force)
        throw new DomainError('backup.file_exists', { file }, `${file} exists; add --force to overwrite it`);
      const started = Date.now();
      if (databaseUrl.startsWith('sqlite:')) await backupSqlite(sqlitePath(databaseUrl), file);
      else
        await run('pg_dump', [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          ...schemaArgs(databaseUrl),
          `--file=${file}`,
          `--dbname=${databaseUrl}`,
        ]);
      console.error(`backup written to ${file} (${statSync(file).size} bytes, ${Date.now() - started} ms)`);
    });

  program
    .command('restore')
    .description(
      'Restore FILE (made by btb backup) into the configured database, which must be empty or --force; stop the server first',
    )
    .argument('<file>', 'a file written by btb backup')
    .option('--force', 'replace a database that holds data')
    .action(async (file: string, opts: { force?: boolean }) => {
      const databaseUrl = libpqUrl(loadConfig().databaseUrl);
      if (!existsSync(file)) throw new DomainError('restore.file_missing', { file }, `${file} does not exist`);
      if (databaseUrl.startsWith('sqlite:')) await restoreSqlite(file, sqlitePath(databaseUrl), opts.force ?? false);
      else await restorePostgres(file, databaseUrl, opts.force ?? false);
      console.error(`restored ${file}`);
      await reconcileAnchors(loadConfig());
    });
}

/** The anchors past the restored chain are set aside (src/infra/audit/restore-anchors.ts), loudly. */
async function reconcileAnchors(config: Config): Promise<void> {
  const db = openDatabase(config.databaseUrl);
  let head: number;
  try {
    head = (await db.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst())?.seq ?? 0;
  } finally {
    await db.close();
  }
  const moved = setAnchorsAsideAfterRestore(config.audit.anchorFile, head, new Date());
  if (!moved) return;
  console.error(
    [
      `warning: the signed anchors reached seq ${moved.anchoredSeq}, the restored database ends at seq ${head}:`,
      `  the events ${head + 1}..${moved.anchoredSeq} written after the backup are gone from the database.`,
      `  The anchor file was moved, unchanged, to ${moved.archivedTo} (keep it with the restore's record);`,
      `  a new ${config.audit.anchorFile} holds the ${moved.kept} anchors up to seq ${head}, and new events are anchored from seq ${head + 1}.`,
      '  Copies of anchors sent to BTB_AUDIT_ANCHOR_WEBHOOK still name the lost events.',
    ].join('\n'),
  );
}

async function backupSqlite(source: string, file: string): Promise<void> {
  if (!existsSync(source)) throw new DomainError('backup.database_missing', { source }, `no database at ${source}`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = new SqliteDatabase(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial);
  } finally {
    db.close();
  }
  const check = integrity(partial);
  if (check !== 'ok') {
    rmSync(partial, { force: true });
    throw new DomainError('backup.integrity', { check }, `the backup failed its integrity check: ${check}`);
  }
  renameSync(partial, file);
}

async function restoreSqlite(file: string, target: string, force: boolean): Promise<void> {
  const check = integrity(file);
  if (check !== 'ok')
    throw new DomainError('restore.integrity', { check }, `${file} is not an intact SQLite database: ${check}`);
  if (existsSync(target) && !force) {
    const rows = sqliteRows(target);
    if (rows > 0)
      throw new DomainError(
        'restore.not_empty',
        { rows },
        `the database holds ${rows} rows; stop the server and add --force to replace it`,
      );
  }
  const source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    // The backup API writes every page of the target through SQLite, WAL included: no stale
    // -wal file can resurrect old pages afterwards, as copying the file over could.
    await source.backup(target);
  } finally {
    source.close();
  }
}

async function restorePostgres(file: string, url: string, force: boolean): Promise<void> {
  if (!force) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const r = await client.query<{ n: string }>(
        `select count(*) as n from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
      );
      const tables = Number(r.rows[0]?.n ?? 0);
      if (tables > 0) {
        throw new DomainError(
          'restore.not_empty',
          { tables },
          `the schema holds ${tables} tables; stop the server and add --force to replace them`,
        );
      }
    } finally {
      await client.end();
    }
  }
  await run('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--no-privileges',
    '--single-transaction',
    '--exit-on-error',
    `--dbname=${url}`,
    file,
  ]);
}

/**
 * libpq reads `%20`, not `+`, as a space in URL parameters (`options=-c+search_path=x` fails),
 * while WHATWG URL serialisation writes `+`: spell spaces the way libpq reads them.
 */
function libpqUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q) + url.slice(q).replace(/\+/g, '%20');
}

/** `-n SCHEMA` when the URL pins a search_path (one btb among several in a database). */
function schemaArgs(url: string): string[] {
  const options = new URL(url).searchParams.get('options') ?? '';
  const m = /search_path\s*=\s*([a-z_][a-z0-9_]*)/i.exec(options);
  return m ? [`--schema=${m[1]}`] : [];
}

function integrity(path: string): string {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } catch (e) {
    return (e as Error).message;
  } finally {
    db.close();
  }
}

function sqliteRows(path: string): number {
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(
        `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`,
      )
      .all() as { name: string }[];
    let rows = 0;
    for (const t of tables)
      rows += (db.prepare(`select count(*) as n from "${t.name.replace(/"/g, '""')}"`).get() as { n: number }).n;
    return rows;
  } finally {
    db.close();
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('error', (e) => reject(new Error(`${cmd} could not start (${e.message}); install postgresql-client`)));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.trim()}`)),
    );
  });
}
