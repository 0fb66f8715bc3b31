/**
 * Register import benchmark: a synthetic KBO full extract (bench/generate-kbo.ts) into a fresh
 * SQLite file, and into a fresh PostgreSQL schema when DATABASE_URL=postgres://… is set. Each
 * engine imports twice: into empty tables, then again over the full tables (the monthly reload).
 *
 *   node bin/run-ts.mjs bench/import-kbo.ts [--enterprises N] [--dir DIR] [--keep-indexes]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bin/run-ts.mjs bench/import-kbo.ts
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/infra/db/database.ts';
import { migrateToLatest } from '../src/infra/db/migrate.ts';
import { importKboExtract } from '../src/infra/registers/kbo-import.ts';
import { createTestSchema } from '../test/pg-schema.ts';
import { generateKboExtract } from './generate-kbo.ts';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const enterprises = Number(arg('--enterprises') ?? 1_000_000);
const dir = arg('--dir') ?? join(tmpdir(), `btb-kbo-${enterprises}`);
const dropIndexes = !args.includes('--keep-indexes');

if (!existsSync(join(dir, 'meta.csv'))) {
  const t = performance.now();
  const g = await generateKboExtract(dir, { enterprises });
  console.log(
    `generated ${g.enterprises} enterprises, ${g.denominations} denominations, ${g.establishments} establishments in ${((performance.now() - t) / 1000).toFixed(1)}s → ${dir}`,
  );
}

async function run(label: string, url: string): Promise<void> {
  const db = openDatabase(url);
  try {
    await migrateToLatest(db.db);
    for (const pass of ['empty tables', 'full tables']) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      const r = await importKboExtract(db, dir, { dropIndexes });
      const s = (performance.now() - t) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuS = (used.user + used.system) / 1e6;
      const t2 = r.tables;
      console.log(
        `${label.padEnd(10)} ${pass.padEnd(12)} ${String(r.rowsWritten).padStart(9)} rows ` +
          `(${t2.enterprise.written} enterprises, ${t2.denomination.written} denominations, ${t2.establishment.written} establishments, ${t2.code.written} codes) ` +
          `in ${s.toFixed(1)}s = ${Math.round(r.rowsWritten / s).toLocaleString('en')} rows/s ` +
          `(this process: ${cpuS.toFixed(1)}s CPU; load average ${loadavg()[0]!.toFixed(1)})`,
      );
    }
  } finally {
    await db.close();
  }
}

const work = mkdtempSync(join(tmpdir(), 'btb-bench-'));
try {
  await run(`sqlite${dropIndexes ? '' : '*'}`, `sqlite:${join(work, 'bench.sqlite')}`);
  const pgUrl = process.env.DATABASE_URL;
  if (pgUrl?.startsWith('postgres')) {
    const schema = await createTestSchema(pgUrl, 'bench');
    try {
      await run('postgres', schema.url);
    } finally {
      await schema.cleanup();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
