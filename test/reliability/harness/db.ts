/**
 * Databases for the reliability tests: a SQLite file in a scratch directory, or a fresh schema in
 * the shared PostgreSQL (test/pg-schema.ts), migrated and loaded with the demo data set. Also the
 * comparisons the tests rely on: table counts, the audit head, a full dump of every table.
 */
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { makePersonNumber } from '../../../src/domain/identifiers.ts';
import { loadConfig } from '../../../src/infra/config.ts';
import { type DbHandle, openDatabase } from '../../../src/infra/db/database.ts';
import { migrateToLatest } from '../../../src/infra/db/migrate.ts';
import { seedDemo } from '../../../src/infra/demo/seed-demo.ts';
import { createDeps } from '../../../src/main.ts';

export const pgBaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const reliabilityEngines: ('sqlite' | 'postgres')[] = process.env.RELIABILITY_ENGINES?.split(',').map(
  (s) => s.trim() as 'sqlite' | 'postgres',
) ?? ['sqlite', 'postgres'];

export interface TestDatabase {
  engine: 'sqlite' | 'postgres';
  url: string;
  /** the schema name on PostgreSQL */
  schema?: string;
  open(): DbHandle;
  drop(): Promise<void>;
}

export async function freshDatabase(engine: 'sqlite' | 'postgres', dir: string, name = 'btb'): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const url = `sqlite:${join(dir, `${name}.sqlite`)}`;
    return { engine, url, open: () => openDatabase(url), drop: async () => {} };
  }
  const { createTestSchema } = await import('../../pg-schema.ts');
  const s = await createTestSchema(pgBaseUrl, 'rel');
  return { engine, url: s.url, schema: s.schema, open: () => openDatabase(s.url, { poolSize: 2 }), drop: s.cleanup };
}

/** Migrates and loads the demo data set plus `extraPersons` generated persons (employees of the brewery). */
export async function seed(url: string, extraPersons = 0): Promise<string[]> {
  const deps = createDeps(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }));
  try {
    await migrateToLatest(deps.db.db);
    await seedDemo(deps);
    const persons = generatedPersons(extraPersons);
    for (let i = 0; i < persons.length; i += 200) {
      const chunk = persons.slice(i, i + 200);
      await deps.db.db
        .insertInto('person')
        .values(
          chunk.map((p, j) => ({
            number: p,
            family_name: `Test${i + j}`,
            given_name: 'Rel',
            language: 'nl',
            email: `rel${i + j}@example.test`,
          })),
        )
        .onConflict((oc) => oc.column('number').doNothing())
        .execute();
      await deps.db.db
        .insertInto('employment')
        .values(
          chunk.map((p) => ({
            enterprise_number: '0566988259',
            person_number: p,
            start_date: '2020-01-01',
            end_date: null,
          })),
        )
        .onConflict((oc) => oc.columns(['enterprise_number', 'person_number', 'start_date']).doNothing())
        .execute();
    }
    return persons;
  } finally {
    await deps.db.close();
  }
}

/** Valid national numbers, deterministic: born 1970–1999, sequence 1–998. */
export function generatedPersons(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      makePersonNumber({
        birth: { year: 1970 + (i % 30), month: 1 + (i % 12), day: 1 + (i % 28) },
        seq: 1 + Math.floor(i / 30),
      }),
    );
  }
  return out;
}

/** Every table of the working schema, except the migrator's bookkeeping. */
export async function tableNames(h: DbHandle): Promise<string[]> {
  if (h.engine === 'sqlite') {
    const rows = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(
      h.db,
    );
    return rows.rows.map((r) => r.name);
  }
  const rows = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name`.execute(
    h.db,
  );
  return rows.rows.map((r) => r.name);
}

export interface Snapshot {
  auditHead: { seq: number; hash: string } | undefined;
  counts: Record<string, number>;
}

/**
 * Counts and the audit head as far as state goes: security events (a refused attempt, a login:
 * docs/audit.md) record that something was tried, they change nothing, so they are left out.
 */
export async function snapshot(h: DbHandle): Promise<Snapshot> {
  const counts: Record<string, number> = {};
  for (const t of await tableNames(h)) {
    const r =
      t === 'audit_event'
        ? await sql<{
            n: number | string;
          }>`select count(*) as n from audit_event where action not like 'security.%'`.execute(h.db)
        : await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(h.db);
    counts[t] = Number(r.rows[0]?.n ?? 0);
  }
  const auditHead = await h.db
    .selectFrom('audit_event')
    .select(['seq', 'hash'])
    .where('action', 'not like', 'security.%')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { auditHead, counts };
}

/** Every row of every table, in a stable order, as JSON text: two equal dumps are two equal databases. */
export async function dumpTables(h: DbHandle): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await tableNames(h)) {
    const r = await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(h.db);
    out[t] = r.rows
      .map((row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((k) => [k, row[k]]),
        ),
      )
      .sort();
  }
  return out;
}

export function sqliteIntegrity(path: string): string {
  const db = new SqliteDatabase(path, { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? '';
  } finally {
    db.close();
  }
}
