import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  PostgresAdapter,
  sql,
} from 'kysely';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Migrations are timestamp-prefixed files beside this one, applied in name order, append-only. */
class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(migrationsDir)
      .filter((f) => /^\d{14}_[\w-]+\.ts$/.test(f))
      .sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      out[f.replace(/\.ts$/, '')] = (await import(pathToFileURL(migrationsDir + f).href)) as Migration;
    }
    return out;
  }
}

export async function migrateToLatest(
  db: Kysely<any>,
  onStep?: (name: string) => void,
): Promise<MigrationResultSet['results']> {
  // Kysely looks for its bookkeeping tables across schemas; pin them to the schema we work in,
  // so that databases with several btb schemas (tests, staging) never mix them up.
  const migrationTableSchema = isPostgres(db)
    ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
    : undefined;
  const migrator = new Migrator({ db, provider: new FolderProvider(), migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') onStep?.(r.migrationName);
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
  return results;
}

/** For the few places where the two engines need different DDL (identity columns, triggers). */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
