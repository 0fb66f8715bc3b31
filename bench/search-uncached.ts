/**
 * Resource search without its kept answers (issue 20): the person of bench/http.ts acting for 5,000
 * clients through mandates, searched in process on the data set of `npm run bench:http`, with the
 * checker the API builds (createChecker) and its index preloaded. Prints CPU ms per search
 * (process.cpuUsage, steadier than wall time on a shared machine), wall ms, and a digest of the
 * whole sorted answer, so two commits can be compared for both speed and sameness.
 *
 * What each figure is (session 10), every search computed afresh unless said:
 * - `quiet`: the first page (100) with nothing written between searches;
 * - `afterCommit`: the first page right after an unrelated commit (a write to kbo_meta: what
 *   drops every kept answer of the search cache, and what bench/http.ts's `touch` does);
 * - `allPages`: the whole list in pages of 1,000, each page computed afresh (as with a commit
 *   between every two pages), CPU for the 5 pages together;
 * - `allPagesCached`: the whole list in pages of 100 through the search cache the API uses, the
 *   first page right after an unrelated commit, CPU for the 50 pages together;
 * - `afterGrantWrite` (measured last): the first page right after a write to access_grant that
 *   changes no row (as a grant given anywhere else): the check index then holds every client's
 *   rows under mandates as suspect (WriteCounter.mandateFacts, MandateFacts.changed) until each
 *   is asked about again, so this search, and every later one, reads the tables.
 * The writes run outside the timed part.
 *
 *   npm run bench:http -- with BENCH_PREPARE_ONLY=1 first (the data set), then
 *   BENCH_SCALE=0.1 node bin/run-ts.mjs bench/search-uncached.ts
 *   BENCH_SCALE=0.1 node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs bench/search-uncached.ts
 *   knobs: BENCH_SEARCHES (30), BENCH_SEARCH_PRELOAD (1; 0: the index on demand, as before its
 *   preload ends), BENCH_SEARCH_ONLY (a comma list of the figures above), BENCH_LABEL (appends
 *   this run to bench/results/search-uncached-<engine>-<scale>-<label>.json), BENCH_COMMIT (the
 *   commit measured, when the code is an export of it run with this harness)
 */
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChecker } from '../src/app/check-deps.ts';
import { searchResources } from '../src/app/search-resources.ts';
import { loadConfig } from '../src/infra/config.ts';
import { openDatabase } from '../src/infra/db/database.ts';
import { machine } from './artifact.ts';
import { benchDeps } from './bench-deps.ts';
import { benchDatabaseUrl } from './check-data.ts';

const here = dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? '0.1');
const N = Number(process.env.BENCH_SEARCHES ?? '30');
const only = process.env.BENCH_SEARCH_ONLY?.split(',');
const load = loadavg().map((x) => Number(x.toFixed(2)));
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

/** the whole sorted answer, in pages of `limit` */
async function all(check: typeof checker | typeof uncached, limit: number) {
  const out: unknown[] = [];
  let token: string | undefined;
  do {
    const r = await searchResources(check, ctx, { ...input, page: { limit, token } });
    out.push(...r.results);
    token = r.page.next_token || undefined;
  } while (token);
  return out;
}
const whole = await all(uncached, 1000);
const digest = createHash('sha256').update(JSON.stringify(whole)).digest('hex').slice(0, 16);

let touches = 0;
/** an unrelated commit (bench/http.ts's touch) */
const touch = () => {
  const value = String(++touches);
  return deps.db.db
    .insertInto('kbo_meta')
    .values({ variable: 'bench_touch', value })
    .onConflict((oc) => oc.column('variable').doUpdateSet({ value }))
    .execute();
};
/** a write to access_grant that changes no row */
const grantWrite = () =>
  deps.db.db.updateTable('access_grant').set({ revoked_by: null }).where('id', '=', 'bench-no-such-grant').execute();

const firstPage = async () => {
  const r = await searchResources(uncached, ctx, { ...input, page: { limit: 100 } });
  if (r.page.total !== whole.length) throw new Error(`total ${r.page.total}, expected ${whole.length}`);
};
const figures: Record<string, { before?: () => Promise<unknown>; run: () => Promise<unknown> }> = {
  quiet: { run: firstPage },
  afterCommit: { before: touch, run: firstPage },
  allPages: {
    run: async () => {
      if ((await all(uncached, 1000)).length !== whole.length) throw new Error('pages');
    },
  },
  allPagesCached: {
    before: touch,
    run: async () => {
      if ((await all(checker, 100)).length !== whole.length) throw new Error('pages');
    },
  },
  // last: after it the index's rows under mandates stay stale until each client is asked about
  // again (MandateFacts.changed), so every later search reads the tables
  afterGrantWrite: { before: grantWrite, run: firstPage },
};

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;
const r2 = (x: number) => Number(x.toFixed(2));
const out: Record<string, { cpuMs: { median: number; p99: number }; wallMs: { median: number; p99: number } }> = {};
for (const [name, f] of Object.entries(figures)) {
  if (only && !only.includes(name)) continue;
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < N + 3; i++) {
    await f.before?.();
    const c = process.cpuUsage();
    const w = performance.now();
    await f.run();
    const wl = performance.now() - w;
    const d = process.cpuUsage(c);
    if (i < 3) continue; // warm-up
    wall.push(wl);
    cpu.push((d.user + d.system) / 1000);
  }
  out[name] = {
    cpuMs: { median: r2(med(cpu)), p99: r2(p99(cpu)) },
    wallMs: { median: r2(med(wall)), p99: r2(p99(wall)) },
  };
}
const run = {
  engine: deps.db.engine,
  scale,
  results: whole.length,
  digest,
  loadAverage: load,
  preload: typeof preload === 'string' ? preload : { ...preload, ms: Math.round(preloadMs) },
  searches: N,
  ...out,
};
console.log(JSON.stringify(run));

const label = process.env.BENCH_LABEL;
if (label) {
  const git = (c: string) => {
    try {
      return execSync(c, { cwd: here, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  const file = join(here, 'results', `search-uncached-${deps.db.engine}-${scale}-${label}.json`);
  const prev = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  const runs = [...(prev?.runs ?? []), run];
  const summary: Record<string, { cpuMsMedian: number[] }> = {};
  for (const r of runs)
    for (const [k, v] of Object.entries(r))
      if (v && typeof v === 'object' && 'cpuMs' in (v as object)) {
        summary[k] = summary[k] ?? { cpuMsMedian: [] };
        summary[k].cpuMsMedian.push((v as { cpuMs: { median: number } }).cpuMs.median);
      }
  const artifact = {
    label,
    when: new Date().toISOString(),
    commit: process.env.BENCH_COMMIT ?? git('git rev-parse --short HEAD'),
    dirty: !process.env.BENCH_COMMIT && (git('git status --porcelain --untracked-files=no') ?? '') !== '',
    machine: machine(),
    database: deps.db.engine,
    scale,
    note: 'CPU ms per search (process.cpuUsage) of the 5,000-client person; one entry of runs per process; bench/search-uncached.ts says what each figure is',
    summary,
    runs,
  };
  writeFileSync(file, `${JSON.stringify(artifact, null, 2)}\n`);
}
await checker.usage.stop();
await deps.db.close();
process.exit(0);
