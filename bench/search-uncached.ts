/**
 * Resource search without its kept answers (issue 20): the person of bench/http.ts acting for 5,000
 * clients through mandates, searched in process on the data set of `npm run bench:http`, with the
 * checker the API builds (createChecker) and its index preloaded, but no search cache: every call
 * computes the whole list, as the first call after any commit does. Prints CPU ms per search
 * (process.cpuUsage, steadier than wall time on a shared machine), wall ms, and a digest of the
 * whole sorted answer, so two commits can be compared for both speed and sameness.
 *
 *   npm run bench:http -- with BENCH_PREPARE_ONLY=1 first (the data set), then
 *   BENCH_SCALE=0.1 node bench/search-uncached.ts
 *   BENCH_SCALE=0.1 node --cpu-prof --cpu-prof-dir=/tmp/prof bench/search-uncached.ts
 *   knobs: BENCH_SEARCHES (30), BENCH_SEARCH_PRELOAD (1; 0: the index on demand, as before its preload ends)
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChecker } from '../src/app/check-deps.ts';
import { searchResources } from '../src/app/search-resources.ts';
import { loadConfig } from '../src/infra/config.ts';
import { openDatabase } from '../src/infra/db/database.ts';
import { benchDeps } from './bench-deps.ts';
import { benchDatabaseUrl } from './check-data.ts';

const here = dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? '0.1');
const N = Number(process.env.BENCH_SEARCHES ?? '30');
const url = benchDatabaseUrl(here, scale);
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'info' });
const deps = benchDeps(config, openDatabase(url));
const marker = await deps.db.db
  .selectFrom('kbo_meta')
  .select('value')
  .where('variable', '=', 'bench_search_5000')
  .executeTakeFirst();
if (!marker) throw new Error('no search data: run BENCH_PREPARE_ONLY=1 npm run bench:http first');
const person = marker.value;
const checker = createChecker(deps);
const t0 = performance.now();
const preload = process.env.BENCH_SEARCH_PRELOAD === '0' ? 'skipped' : await checker.index.preload();
const preloadMs = performance.now() - t0;
const uncached = { ...checker, searchCache: undefined };
const ctx = { client: { id: 'bench', scope: new Set(['*']), isAll: true }, lang: 'en' as const };
const input = {
  subject: { type: 'person', id: person },
  action: { name: 'use' },
  resource: { type: 'online-service' },
  page: { limit: 1000 },
};

/** the whole sorted answer, all pages */
async function all() {
  const out: unknown[] = [];
  let token: string | undefined;
  do {
    const r = await searchResources(uncached, ctx, { ...input, page: { limit: 1000, token } });
    out.push(...r.results);
    token = r.page.next_token || undefined;
  } while (token);
  return out;
}
const whole = await all();
const digest = createHash('sha256').update(JSON.stringify(whole)).digest('hex').slice(0, 16);

const cpu: number[] = [];
const wall: number[] = [];
for (let i = 0; i < 3; i++) await searchResources(uncached, ctx, { ...input, page: { limit: 100 } });
for (let i = 0; i < N; i++) {
  const c = process.cpuUsage();
  const w = performance.now();
  const r = await searchResources(uncached, ctx, { ...input, page: { limit: 100 } });
  wall.push(performance.now() - w);
  const d = process.cpuUsage(c);
  cpu.push((d.user + d.system) / 1000);
  if (r.page.total !== whole.length) throw new Error(`total ${r.page.total}, expected ${whole.length}`);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;
console.log(
  JSON.stringify({
    engine: deps.db.engine,
    scale,
    results: whole.length,
    digest,
    preload: typeof preload === 'string' ? preload : { ...preload, ms: Math.round(preloadMs) },
    searches: N,
    firstPageCpuMs: { median: Number(med(cpu).toFixed(2)), p99: Number(p99(cpu).toFixed(2)) },
    firstPageWallMs: { median: Number(med(wall).toFixed(2)), p99: Number(p99(wall).toFixed(2)) },
  }),
);
await checker.usage.stop();
await deps.db.close();
process.exit(0);
