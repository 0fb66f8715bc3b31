/**
 * The check index's start-up preload alone (issue 20: start-up under 10 s, RSS under 1 GiB at
 * 1M enterprises, 3M persons, 5M grants): what `btb serve` runs in the background once it listens.
 * Opens the data set of bench/compare.ts (generated there first), preloads a fresh CheckIndex,
 * and reports wall and CPU time, the process's RSS and V8 heap before and after (after a full
 * GC), then asks for the grants of persons across the whole population and counts the database
 * reads that caused (none, once the preload is complete). Start-up has two ends (session 9): the
 * first check answered while the preload runs in the background (checks are answered on demand
 * meanwhile, always right), and the preload complete (no check reads a table any more).
 *
 *   BENCH_SCALE=1 BENCH_LABEL=session8 node --expose-gc bin/run-ts.mjs bench/index-preload.ts
 *   (BENCH_PROBES: persons asked after the preload, 100,000; DATABASE_URL: another data file, e.g.
 *   this tree's for a "before" run from an exported tree, with BENCH_COMMIT its commit)
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
  return {
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    arrayBuffersMb: mb(m.arrayBuffers),
    externalMb: mb(m.external),
  };
};
// BENCH_COMMIT: the commit of a tree exported without git (the "before" of an A/B)
let commit: string | null = process.env.BENCH_COMMIT ?? null;
try {
  commit ??= execSync('git rev-parse --short HEAD', { cwd: here, encoding: 'utf8' }).trim();
} catch {}

const { db } = await openCheckData(url, loadCatalogue(defaultCataloguePath), set, scale, log);
const before = memory();
const index = new CheckIndex(createCheckStore(db));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
// Start-up as the server runs it: the preload in the background, checks answered meanwhile (on
// demand). A person is asked every 10 ms while it runs: when the first answer came, and how long
// an answer waited (the preload's chunks hold the event loop).
let loading = true;
const waits: number[] = [];
let firstAnswerMs: number | undefined;
const asking = (async () => {
  const r = prng(7);
  while (loading) {
    const a = performance.now();
    await index.grantsOf(personAt(Math.floor(r() * set.persons)));
    const b = performance.now();
    firstAnswerMs ??= b - t0;
    await new Promise((res) => setTimeout(res, 10));
    if (loading) waits.push(performance.now() - a - 10);
  }
})();
const preload = await index.preload();
loading = false;
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await asking;
const rssBeforeGcMb = mb(process.memoryUsage().rss);
const after = memory();
waits.sort((x, y) => x - y);
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
  rssAfterBeforeGcMb: rssBeforeGcMb,
  memoryAfter: after,
  // absent before session 9 (the same script measures the commit before, for A/B)
  compactMb:
    'compactBytes' in index
      ? { grants: mb(index.compactBytes.grants), appointments: mb(index.compactBytes.appointments) }
      : null,
  duringPreload: {
    firstAnswerMs: firstAnswerMs === undefined ? null : Math.round(firstAnswerMs),
    asked: waits.length,
    waitMsP50: waits.length ? Math.round(waits[Math.floor(waits.length / 2)]!) : null,
    waitMsMax: waits.length ? Math.round(waits[waits.length - 1]!) : null,
  },
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
