/**
 * The check index's start-up preload alone (issue 20: start-up under 10 s, RSS under 1 GiB at
 * 1M enterprises, 3M persons, 5M grants): what `btb serve` runs in the background once it listens.
 * Opens the data set of bench/compare.ts (generated there first), preloads a fresh CheckIndex,
 * and reports wall and CPU time, the process's RSS and V8 heap before and after (after a full
 * GC), then asks for the grants of persons across the whole population and counts the database
 * reads that caused (none, once the preload is complete).
 *
 *   BENCH_SCALE=1 BENCH_LABEL=session8 node --expose-gc bin/run-ts.mjs bench/index-preload.ts
 *   (BENCH_PROBES: persons asked after the preload, 100,000)
 *
 * Writes bench/results/index-preload-<engine>-<scale>-<label>.json.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckIndex } from '../src/app/check-index.ts';
import { createCheckStore } from '../src/app/check-store.ts';
import { defaultCataloguePath, loadCatalogue } from '../src/domain/catalogue.ts';
import { benchDatabaseUrl, openCheckData } from './check-data.ts';
import { dataSetAt, personAt, prng } from './generate-check-data.ts';

const here = dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? '0.1');
const label = process.env.BENCH_LABEL ?? 'latest';
const probes = Number(process.env.BENCH_PROBES ?? '100000');
const set = dataSetAt(scale);
const url = benchDatabaseUrl(here, scale);
const log = (s: string) => process.stderr.write(`[bench:index-preload] ${s}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => Math.round(n / 2 ** 20);
const memory = () => {
  gc?.();
  const m = process.memoryUsage();
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), arrayBuffersMb: mb(m.arrayBuffers) };
};
let commit: string | null = null;
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: here, encoding: 'utf8' }).trim();
} catch {}

const { db } = await openCheckData(url, loadCatalogue(defaultCataloguePath), set, scale, log);
const before = memory();
const index = new CheckIndex(createCheckStore(db));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const preload = await index.preload();
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const after = memory();
log(`preload ${JSON.stringify(preload)} in ${wallMs.toFixed(0)} ms; memory ${JSON.stringify(after)}`);

// persons across the whole population, as the cold mixes ask: reads the database only when on demand
const random = prng(20);
const loads0 = index.stats.personLoads;
let grants = 0;
const p0 = performance.now();
for (let i = 0; i < probes; i++) {
  const list = await index.grantsOf(personAt(Math.floor(random() * set.persons)));
  grants += list.length;
}
const probeMs = performance.now() - p0;
const result = {
  kind: 'index-preload',
  label,
  when: new Date().toISOString(),
  commit,
  node: process.version,
  loadAverage: loadavg()[0],
  database: db.raw.kind,
  scale,
  dataSet: set,
  preload,
  wallMs: Math.round(wallMs),
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  memoryBefore: before,
  memoryAfter: after,
  indexRssMb: after.rssMb - before.rssMb,
  gcExposed: gc !== undefined,
  probes: {
    persons: probes,
    grants,
    usEach: (probeMs * 1000) / probes,
    databaseReads: index.stats.personLoads - loads0,
  },
};
console.log(`BENCH_INDEX_PRELOAD ${JSON.stringify(result)}`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', `index-preload-${db.raw.kind}-${scale}-${label}.json`),
  `${JSON.stringify(result, null, 2)}\n`,
);
index.stop();
await db.close();
