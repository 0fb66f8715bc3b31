/**
 * Test dependencies: a real database (SQLite in memory, or a fresh PostgreSQL schema when
 * TEST_DATABASE_URL is set and `engine` asks for it), the real catalogue, a controllable clock.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../src/app/deps.ts';
import { defaultCataloguePath, loadCatalogue } from '../src/domain/catalogue.ts';
import { filesystemAttachmentStore } from '../src/infra/attachments/attachment-store.ts';
import { loadConfig } from '../src/infra/config.ts';
import { openDatabase } from '../src/infra/db/database.ts';
import { migrateToLatest } from '../src/infra/db/migrate.ts';
import { dbRegisters } from '../src/infra/registers/db-registers.ts';
import type { Clock } from '../src/ports.ts';

export interface TestClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(start = '2026-11-28T09:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

const catalogue = loadCatalogue(defaultCataloguePath);

export interface TestDeps extends Deps {
  clock: TestClock;
  cleanup(): Promise<void>;
}

/** Engines a database test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const engines: ('sqlite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export async function makeTestDeps(
  engine: 'sqlite' | 'postgres' = 'sqlite',
  env: Record<string, string> = {},
): Promise<TestDeps> {
  let url = 'sqlite::memory:';
  let dropSchema = async () => {};
  if (engine === 'postgres') {
    const { createTestSchema } = await import('./pg-schema.ts');
    const s = await createTestSchema(process.env.TEST_DATABASE_URL!);
    url = s.url;
    dropSchema = s.cleanup;
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    // one development key per test deps: parallel test files must not overwrite each other's
    BTB_DEV_KEY_PATH: join(tmpdir(), `btb-dev-key-${randomUUID()}.json`),
    MAILBOX_DIR: join(tmpdir(), `btb-mailbox-${randomUUID()}`),
    ...env,
  });
  const db = openDatabase(url, { poolSize: 5 });
  await migrateToLatest(db.db);
  const clock = testClock();
  return {
    config,
    db,
    catalogue,
    clock,
    registers: dbRegisters(),
    attachments: filesystemAttachmentStore(config.attachmentsDir),
    cleanup: async () => {
      await db.close();
      await dropSchema();
      rmSync(config.devKeyPath, { force: true });
      rmSync(config.mail.mailboxDir, { recursive: true, force: true });
    },
  };
}

/**
 * Node A of a two-node PostgreSQL test: test deps whose database is a fresh schema, and that
 * schema's URL for the other node's own handle (the SQLite deps stay for config, catalogue, clock).
 * Its cleanup drops the schema: close the other node's handle first.
 */
export async function firstNodeOnPostgres(): Promise<{ a: TestDeps; url: string }> {
  const { createTestSchema } = await import('./pg-schema.ts');
  const s = await createTestSchema(process.env.TEST_DATABASE_URL!);
  const base = await makeTestDeps('sqlite');
  const db = openDatabase(s.url, { poolSize: 3 });
  await migrateToLatest(db.db);
  const cleanup = async () => {
    await db.close();
    await base.cleanup();
    await s.cleanup();
  };
  return { url: s.url, a: { ...base, db, cleanup } };
}
