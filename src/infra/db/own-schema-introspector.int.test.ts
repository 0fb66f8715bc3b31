/**
 * btb's migrations look only at their own schema: another schema in the same database (a second
 * btb, a parallel test file) that is dropped while btb migrates must not fail the migration.
 * CI failed this way twice in one run before the introspector was scoped.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../../test/pg-schema.ts';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

const base = process.env.TEST_DATABASE_URL;

describe.runIf(base)('migrations on PostgreSQL look at their own schema only', () => {
  let mine: TestSchema;
  let other: TestSchema;
  beforeAll(async () => {
    mine = await createTestSchema(base!, 'own');
    other = await createTestSchema(base!, 'other');
  });
  afterAll(async () => {
    await mine.cleanup();
    await other.cleanup();
  });

  it("lists this schema's tables, never another schema's, not even its migration bookkeeping", async () => {
    const o = openDatabase(other.url, { poolSize: 1 });
    await migrateToLatest(o.db);
    await o.close();
    const db = openDatabase(mine.url, { poolSize: 2 });
    try {
      // before migrating, the other schema's kysely_migration must not make this one look migrated
      expect(await db.db.introspection.getTables({ withInternalKyselyTables: true })).toEqual([]);
      const results = await migrateToLatest(db.db);
      expect(results?.length).toBeGreaterThan(10);
      const tables = await db.db.introspection.getTables({ withInternalKyselyTables: true });
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([mine.schema]));
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['kysely_migration', 'access_grant']));
      const grant = tables.find((t) => t.name === 'access_grant');
      expect(grant?.columns.map((c) => c.name)).toContain('enterprise_number');
      expect((await db.db.introspection.getTables()).map((t) => t.name)).not.toContain('kysely_migration');
    } finally {
      await db.close();
    }
  });

  it('migrates while another session creates and drops schemas full of tables', async () => {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    let stop = false;
    let churned = 0;
    const churn = (async () => {
      while (!stop) {
        const name = `churn_${process.pid}_${churned++}`;
        await admin.query(`create schema ${name}`);
        for (let i = 0; i < 20; i++)
          await admin.query(`create table ${name}.t${i} (id int generated always as identity, a text, b int)`);
        await admin.query(`drop schema ${name} cascade`);
      }
    })();
    try {
      for (let round = 0; round < 8; round++) {
        const s = await createTestSchema(base!, 'race');
        const db = openDatabase(s.url, { poolSize: 2 });
        try {
          await migrateToLatest(db.db);
          // the migrator asks on every run whether its tables exist: a second run asks again
          expect(await migrateToLatest(db.db)).toEqual([]);
        } finally {
          await db.close();
          await s.cleanup();
        }
      }
    } finally {
      stop = true;
      await churn;
      await admin.end();
    }
    expect(churned).toBeGreaterThan(1);
  });
});
