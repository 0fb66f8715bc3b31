/**
 * A fresh PostgreSQL schema per test file: parallel test files never see each other's tables.
 * The returned URL sets `search_path` through libpq's `options` parameter, which node-postgres
 * passes on at connect, so every pooled connection (and a child server process given the URL)
 * lands in the schema.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export async function createTestSchema(baseUrl: string): Promise<{ url: string; schema: string; cleanup(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    schema,
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
