/**
 * A fresh PostgreSQL schema per test file, so that test files running in parallel (vitest forks)
 * on the same database never see each other's tables.
 *
 * How: create a uniquely named schema, then hand back a connection string whose connections all
 * start with `search_path` set to it, through libpq's `options` startup parameter
 * (`?options=-c search_path=NAME`), which node-postgres passes on to the server. Every client the
 * pool opens gets it, so migrations and queries land in the schema without any code knowing.
 * `cleanup()` drops the schema with everything in it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestSchema {
  /** schema name, e.g. `t_1a2b3c4d5e6f` */
  schema: string;
  /** the base URL with `options=-c search_path=<schema>` */
  url: string;
  cleanup(): Promise<void>;
}

/** `baseUrl` is a postgres:// URL (TEST_DATABASE_URL); an `options` parameter it has is kept. */
export async function createTestSchema(baseUrl: string, prefix = 't'): Promise<TestSchema> {
  const schema = `${prefix}_${process.pid.toString(36)}_${randomBytes(5).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema prefix: ${prefix}`);
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  const existing = u.searchParams.get('options');
  u.searchParams.set('options', `${existing ? `${existing} ` : ''}-c search_path=${schema}`);
  return {
    schema,
    url: u.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await c.end();
      }
    },
  };
}
