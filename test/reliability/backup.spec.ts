/**
 * Backups (issue 8): `btb backup FILE` while the server serves and writes, `btb restore FILE`
 * into an empty database, and the restored database equals the original in every row of every
 * table; restore refuses a database with data unless --force.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/infra/audit/audit-log.ts';
import { openDatabase } from '../../src/infra/db/database.ts';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import {
  dumpTables,
  freshDatabase,
  pgBaseUrl,
  reliabilityEngines,
  seed,
  sqliteIntegrity,
  type TestDatabase,
} from './harness/db.ts';
import { recordFigures } from './harness/figures.ts';
import { bearer, btb, http, type Server, scratch, serverEnv, startServer } from './harness/server.ts';
import { brewery, type Op, startWithMain, writeLoad } from './harness/write-load.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An empty restore target: a SQLite path, or a new PostgreSQL database with the same search_path. */
async function restoreTarget(engine: 'sqlite' | 'postgres', dir: string, source: TestDatabase, name: string) {
  if (engine === 'sqlite') return { url: `sqlite:${join(dir, `${name}.sqlite`)}`, drop: async () => {} };
  const dbName = `rel_restore_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgBaseUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const u = new URL(pgBaseUrl);
  u.pathname = `/${dbName}`;
  u.searchParams.set('options', `-c search_path=${source.schema}`);
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: pgBaseUrl });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    },
  };
}

describe.each(reliabilityEngines)('backup and restore on %s (issue 8)', (engine) => {
  const dir = scratch(`backup-${engine}`);
  let db: TestDatabase;
  let env: Record<string, string>;
  let server: Server;
  const drops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    db = await freshDatabase(engine, dir.dir);
    const persons = await seed(db.url, 100);
    env = serverEnv(dir.dir, db.url);
    server = await startWithMain(env);
    // load the database with a few hundred changes
    const ops: Op[] = [];
    const load = writeLoad(() => server.url, await bearer(env, P.sofieJanssens.number), persons, ops, 4);
    await sleep(3000);
    load.halt();
    await load.done;
    expect(ops.filter((o) => o.status >= 500)).toEqual([]);
  });
  afterAll(async () => {
    await server?.kill();
    for (const d of drops) await d();
    await db.drop();
    dir.cleanup();
  });

  it('takes a consistent backup while the server keeps writing', async () => {
    const ops: Op[] = [];
    const persons = (await import('./harness/db.ts')).generatedPersons(100);
    const load = writeLoad(() => server.url, await bearer(env, P.sofieJanssens.number), persons, ops, 4);
    await sleep(500);
    const file = join(dir.dir, 'under-load.backup');
    const b = await btb(['backup', file], env);
    load.halt();
    await load.done;
    expect(b.code, b.stderr).toBe(0);
    const target = await restoreTarget(engine, dir.dir, db, 'under-load');
    drops.push(target.drop);
    const r = await btb(['restore', file], { ...env, DATABASE_URL: target.url });
    expect(r.code, r.stderr).toBe(0);
    if (engine === 'sqlite') expect(sqliteIntegrity(target.url.slice(7))).toBe('ok');
    const h = openDatabase(target.url);
    try {
      expect(await verifyAudit(h.db)).toMatchObject({ ok: true });
    } finally {
      await h.close();
    }
  });

  it('round-trips the database exactly, taken while serving', async () => {
    // The server keeps working its outbox: wait until it has nothing left, so that the live
    // database holds still between the backup and the comparison.
    const live0 = db.open();
    for (let i = 0; i < 60; i++) {
      const pending = await live0.db
        .selectFrom('outbox')
        .select('seq')
        .where('delivered_at', 'is', null)
        .limit(1)
        .execute();
      if (pending.length === 0) break;
      await sleep(1000);
    }
    await live0.close();
    const file = join(dir.dir, 'exact.backup');
    const started = Date.now();
    const b = await btb(['backup', file], env);
    const backupMs = Date.now() - started;
    expect(b.code, b.stderr).toBe(0);
    expect((await http(server.url, 'GET', '/readyz')).status).toBe(200);
    const target = await restoreTarget(engine, dir.dir, db, 'exact');
    drops.push(target.drop);
    const r = await btb(['restore', file], { ...env, DATABASE_URL: target.url });
    expect(r.code, r.stderr).toBe(0);
    const live = db.open();
    const restored = openDatabase(target.url);
    try {
      const a = await dumpTables(live);
      const c = await dumpTables(restored);
      expect(Object.keys(c)).toEqual(Object.keys(a));
      const differences = Object.keys(a).flatMap((t) => {
        const mine = new Set(a[t]);
        const theirs = new Set(c[t]);
        const lost = a[t]!.filter((r) => !theirs.has(r)).slice(0, 2);
        const added = c[t]!.filter((r) => !mine.has(r)).slice(0, 2);
        return lost.length || added.length ? [{ table: t, lost, added }] : [];
      });
      expect(differences).toEqual([]);
      recordFigures(`backup.${engine}`, {
        tables: Object.keys(a).length,
        rows: Object.values(a).reduce((n, rows) => n + rows.length, 0),
        backupMs,
      });
    } finally {
      await live.close();
      await restored.close();
    }

    // a database with data is not overwritten by accident
    const again = await btb(['restore', file], { ...env, DATABASE_URL: target.url });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/--force/);
    const forced = await btb(['restore', file, '--force'], { ...env, DATABASE_URL: target.url });
    expect(forced.code, forced.stderr).toBe(0);
    // and a backup never overwrites a file silently
    const over = await btb(['backup', file], env);
    expect(over.code).not.toBe(0);
  });
});
