/**
 * The check API over HTTP (issue 20): btb's server in a process of its own (bench/http-server.ts,
 * the app as `btb serve` builds it, index preloaded in the background as at every start) and the
 * load generator (autocannon) here, on the data set of bench/compare.ts. Per run, in this order:
 * hello-world on a bare Fastify (the issue's reference), a hello-world route of the same app (same hooks), `POST /access/v1/evaluation` at full load
 * (autocannon), then hello-world and the evaluation at half of that rate, evenly paced (open loop,
 * `paced` below, latency from each request's scheduled send; hello-world shows what the harness
 * and the machine cost at that rate), `POST /access/v1/evaluations` with 100 items per call, and resource search
 * for a person acting for 5,000 clients through mandates (timed one call after another). Every
 * HTTP answer of a sample is compared with the expected decision. Start-up figures and RSS of the
 * server process at the given scale come with it.
 *
 *   BENCH_SCALE=0.1 BENCH_LABEL=after npm run bench:http
 *   DATABASE_URL=postgres://…/db BENCH_SCALE=1 BENCH_LABEL=after npm run bench:http
 *   knobs: BENCH_RUNS (5), BENCH_HTTP_SECONDS (4), BENCH_HTTP_LOG (silent; info logs every request as
 *          production does), BENCH_PROFILE=evaluation|evaluations|hello|bare (run the server under --cpu-prof,
 *          that route only, profile in $TMPDIR/btb-http-prof), BENCH_PREPARE_ONLY=1
 *
 * Writes bench/results/http-<engine>-<scale>-<label>.json; `npm run bench:report` renders it.
 */
import { execSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCataloguePath, loadCatalogue } from '../src/domain/catalogue.ts';
import type { DbHandle } from '../src/infra/db/database.ts';
import { loadSamples, machine } from './artifact.ts';
import { benchDatabaseUrl, ensureMandateData, openCheckData } from './check-data.ts';
import {
  type CheckDataSet,
  dataSetAt,
  enterpriseAt,
  grantableServices,
  grantSpecs,
  personAt,
  prng,
} from './generate-check-data.ts';
import { type PacedShot, paced } from './paced.ts';

const t0 = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? '0.1');
const RUNS = Number(process.env.BENCH_RUNS ?? '5');
const HTTP_S = Number(process.env.BENCH_HTTP_SECONDS ?? '4');
const label = process.env.BENCH_LABEL ?? 'latest';
const profile = process.env.BENCH_PROFILE;
const set = dataSetAt(scale);
const url = benchDatabaseUrl(here, scale);
const log = (s: string) => process.stderr.write(`[bench:http ${((performance.now() - t0) / 1000).toFixed(1)}s] ${s}\n`);
const git = (c: string) => {
  try {
    return execSync(c, { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
};
// BENCH_COMMIT names the code measured when it is an export of another commit run with this harness
const commit = process.env.BENCH_COMMIT ?? git('git rev-parse --short HEAD');
const dirty = !process.env.BENCH_COMMIT && (git('git status --porcelain --untracked-files=no') ?? '') !== '';
const loads: number[][] = [loadavg()];

// ---------------------------------------------------------------- data
const catalogue = loadCatalogue(defaultCataloguePath);
const services = grantableServices(catalogue);
const prepared = await openCheckData(url, catalogue, set, scale, log);
await ensureMandateData(prepared.db, catalogue, set, log);
const searcher = await ensureSearchData(prepared.db, set);
const engine = prepared.db.engine;
await prepared.db.close();
if (process.env.BENCH_PREPARE_ONLY) process.exit(0);

/**
 * One employee of an office acting for 5,000 clients through accepted mandates, a grant at each
 * (issue 20: "resource search for a person acting for 5,000 clients under 10 ms"). Written once
 * per database (marker `bench_search_5000`).
 */
async function ensureSearchData(db: DbHandle, s: CheckDataSet): Promise<string> {
  const CLIENTS = 5000;
  const offices = Math.max(10, Math.round(s.enterprises / 1000)); // ensureMandateData's staff sit above
  const office = enterpriseAt(4);
  const staff = personAt(s.persons - 2 - offices);
  const done = await db.db
    .selectFrom('kbo_meta')
    .select('value')
    .where('variable', '=', 'bench_search_5000')
    .executeTakeFirst();
  if (done) return staff;
  const AT = '2026-01-05T08:00:00.000Z';
  const officeMain = personAt((4 * 7 + 1) % s.persons);
  const stride = Math.floor(s.enterprises / CLIENTS);
  const mandates: unknown[][] = [];
  const grants: unknown[][] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const ci = c * stride + 7; // never a stopped enterprise (index % 50 === 49), never the office
    const client = enterpriseAt(ci);
    const id = `00000000-0000-4000-9000-${String(c).padStart(12, '0')}`;
    const sv = services[c % services.length]!;
    mandates.push([
      id,
      client,
      office,
      'active',
      AT,
      null,
      personAt(ci % s.persons),
      'mandator',
      'legal_representative',
      AT,
      officeMain,
      'main',
      AT,
      AT,
      AT,
    ]);
    grants.push([
      `s5000-${c}`,
      client,
      staff,
      sv.code,
      '',
      sv.domain,
      id,
      officeMain,
      'main',
      null,
      AT,
      AT,
      null,
      null,
      null,
    ]);
  }
  const insert = async (table: string, cols: string, rows: unknown[][]) => {
    const n = cols.split(',').length;
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const ph = (r: number, c: number) => (db.raw.kind === 'sqlite' ? '?' : `$${r * n + c + 1}`);
      const text = `insert into ${table} (${cols}) values ${chunk.map((_, r) => `(${Array.from({ length: n }, (_, c) => ph(r, c)).join(',')})`).join(',')}`;
      if (db.raw.kind === 'sqlite') db.raw.sqlite.prepare(text).run(...chunk.flat());
      else await db.raw.pool.query(text, chunk.flat());
    }
  };
  await insert('employment', 'enterprise_number, person_number, start_date, end_date', [
    [office, staff, '2001-01-01', null],
  ]);
  await insert(
    'mandate',
    'id, mandator_number, mandatary_number, status, valid_from, valid_until, proposed_by, proposed_by_side, proposed_by_role, proposed_at, accepted_by, accepted_by_role, accepted_at, created_at, updated_at',
    mandates,
  );
  await insert(
    'access_grant',
    'id, enterprise_number, person_number, service, service_role, domain, mandate_id, granted_by, granted_by_role, invitation_id, created_at, valid_from, valid_until, revoked_at, revoked_by',
    grants,
  );
  if (db.raw.kind === 'postgres') await db.raw.pool.query('analyze mandate; analyze access_grant; analyze employment');
  await db.db.insertInto('kbo_meta').values({ variable: 'bench_search_5000', value: staff }).execute();
  log(`search data: ${staff} acts for ${CLIENTS} clients of office ${office}`);
  return staff;
}

// ---------------------------------------------------------------- queries (90% allow, whole population)
interface Q {
  person: string;
  enterprise: string;
  service: string;
  allow: boolean;
}
const NQ = 10_000;
const r = prng(4242);
const wanted: { g?: number; person?: number; enterprise?: number; service?: number }[] = [];
for (let i = 0; i < NQ; i++) {
  if (r() < 0.9) wanted.push({ g: Math.floor(r() * set.grants) });
  else {
    let e = Math.floor(r() * set.enterprises);
    if (e % 50 === 49) e--;
    wanted.push({
      person: Math.floor(r() * set.persons),
      enterprise: e,
      service: Math.floor(r() * services.length),
    });
  }
}
// Pass 1: the grants drawn for "yes" (a grant at a stopped enterprise is a "no" in btb: skipped).
const byIndex = new Map<number, number>();
wanted.forEach((w, i) => {
  if (w.g !== undefined) byIndex.set(w.g, i);
});
const qs: (Q | undefined)[] = new Array(NQ);
const denyPersons = new Set(wanted.filter((w) => w.person !== undefined).map((w) => w.person!));
const held = new Set<string>(); // every grant of the persons asked about in a "no"
let gi = 0;
for (const g of grantSpecs(set, services.length)) {
  const at = byIndex.get(gi++);
  if (at !== undefined && g.enterprise % 50 !== 49)
    qs[at] = {
      person: personAt(g.person),
      enterprise: enterpriseAt(g.enterprise),
      service: services[g.service]!.code,
      allow: true,
    };
  if (denyPersons.has(g.person)) held.add(`${g.person}.${g.enterprise}.${g.service}`);
}
wanted.forEach((w, i) => {
  if (w.person === undefined) return;
  if (held.has(`${w.person}.${w.enterprise}.${w.service}`)) return;
  qs[i] = {
    person: personAt(w.person),
    enterprise: enterpriseAt(w.enterprise!),
    service: services[w.service!]!.code,
    allow: false,
  };
});
const queries = qs.filter((x): x is Q => x !== undefined);
const input = (x: Q) => ({
  subject: { type: 'person', id: x.person },
  resource: { type: 'online-service', id: x.service, properties: { enterprise: x.enterprise } },
  action: { name: 'use' },
});
log(`${queries.length} questions, ${queries.filter((x) => x.allow).length} of them a yes`);

// ---------------------------------------------------------------- the server
const profDir = join(tmpdir(), 'btb-http-prof');
const child = fork(join(here, 'http-server.ts'), [], {
  execArgv: [
    '--max-old-space-size=4096',
    '--expose-gc',
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
  ],
  env: {
    ...process.env,
    BENCH_URL: url,
    BENCH_KEY_PATH: join(here, '..', 'data', 'bench', 'dev-key.json'),
    BENCH_FIRST_QUERY: JSON.stringify(input(queries[0]!)),
  },
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
const spawnedAt = performance.now();
type Msg = { type: string } & Record<string, unknown>;
const next = (type: string) =>
  new Promise<Msg>((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`server exited (${code}) before "${type}"`));
    const on = (m: Msg) => {
      if (m.type !== type) return;
      child.off('message', on);
      child.off('exit', exited);
      resolve(m);
    };
    child.on('message', on);
    child.once('exit', exited);
  });
const ready = (await next('ready')) as Msg & {
  address: string;
  bareAddress: string;
  auth: string;
  startup: Record<string, number>;
};
const readyMs = performance.now() - spawnedAt;
const base = ready.address;
log(`server ready in ${readyMs.toFixed(0)} ms: ${JSON.stringify(ready.startup)}`);
const headers = { 'content-type': 'application/json', authorization: ready.auth };

// ---------------------------------------------------------------- answers checked
let mismatches = 0;
let checked = 0;
for (const x of queries.slice(0, 300)) {
  const res = (await (
    await fetch(`${base}/access/v1/evaluation`, { method: 'POST', headers, body: JSON.stringify(input(x)) })
  ).json()) as { decision: boolean };
  checked++;
  if (res.decision !== x.allow) mismatches++;
}
const BATCH = 100;
const batches = Array.from({ length: Math.floor(queries.length / BATCH) }, (_, b) =>
  queries.slice(b * BATCH, b * BATCH + BATCH),
);
for (const b of batches.slice(0, 5)) {
  const res = (await (
    await fetch(`${base}/access/v1/evaluations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ evaluations: b.map(input) }),
    })
  ).json()) as { evaluations: { decision: boolean }[] };
  b.forEach((x, i) => {
    checked++;
    if (res.evaluations[i]?.decision !== x.allow) mismatches++;
  });
}
const searchBody = (limit: number, token?: string) =>
  JSON.stringify({
    subject: { type: 'person', id: searcher },
    resource: { type: 'online-service' },
    action: { name: 'use' },
    page: { limit, ...(token ? { token } : {}) },
  });
const firstSearch = (await (
  await fetch(`${base}/access/v1/search/resource`, { method: 'POST', headers, body: searchBody(1000) })
).json()) as { page: { total: number } };
if (firstSearch.page?.total !== 5000) throw new Error(`resource search: ${JSON.stringify(firstSearch.page)}`);
log(`answers checked: ${checked}, mismatches ${mismatches}`);

if (RUNS === 0) {
  // BENCH_RUNS=0: start-up and memory at this scale only (bench/results/http-startup-<engine>-<scale>-<label>.json)
  child.send({ type: 'rss' });
  const m = (await next('rss')) as Msg & { rssMb: number; heapMb: number };
  child.send({ type: 'exit' });
  await new Promise((r) => child.once('exit', r));
  const out = {
    kind: 'http-startup',
    label,
    when: new Date().toISOString(),
    commit,
    dirty,
    machine: { nproc: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    loadAverage: { samples: [...loads, loadavg()].map((l) => l.map((x) => Number(x.toFixed(2)))) },
    database: engine,
    scale,
    dataSet: set,
    startup: { ...ready.startup, readyFromSpawnMs: readyMs, endRssMb: m.rssMb, endHeapMb: m.heapMb },
    answers: { checked, mismatches },
  };
  const f = join(here, 'results', `http-startup-${engine}-${scale}-${label}.json`);
  writeFileSync(f, `${JSON.stringify(out, null, 2)}\n`);
  log(`wrote ${f}`);
  process.exit(0);
}

// ---------------------------------------------------------------- load
// @ts-expect-error autocannon ships no types; the fields used are documented in its README
const autocannon = ((await import('autocannon')) as { default: (o: object) => Promise<any> }).default;
const singleBodies = queries.map((x) => JSON.stringify(input(x)));
/**
 * The single evaluations, one question after another across all connections. Not one request per
 * question in autocannon's `requests`: autocannon builds every request of that list for every
 * connection before the run starts (RequestIterator.setRequests), 32 × 9,769 on the main thread,
 * and on the loaded machine that took longer than its 10 s request timeout, so the connections
 * built first counted a "timeout" before sending anything (session 9: the 13 and 55 errors of the
 * PostgreSQL artifacts, reproduced against a plain node:http server; none with 100 requests). One
 * request whose body is picked when it is sent is built once per connection.
 */
let nextSingle = 0;
const single = [
  {
    method: 'POST',
    path: '/access/v1/evaluation',
    headers,
    setupRequest: (r: Record<string, unknown>) => ({ ...r, body: singleBodies[nextSingle++ % singleBodies.length] }),
  },
];
const batch = batches.map((b) => ({
  method: 'POST',
  path: '/access/v1/evaluations',
  headers,
  body: JSON.stringify({ evaluations: b.map(input) }),
}));
interface Shot {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /**
   * What the errors were (session 9): `timeout` (no answer within autocannon's 10 s), `status N`
   * (an answer other than 2xx), `connection` (any other socket error); and `server: …` the
   * server's own warnings and errors logged meanwhile, by message, status and error code
   */
  errorsBy: Record<string, number>;
  /** CPU time (user + system) the server process spent per request: steadier than req/s on a shared machine */
  cpuUsPerReq: number;
}
/** the server's warnings and errors logged since last asked (bench/http-server.ts) */
const serverProblems = async () => {
  child.send({ type: 'problems' });
  return ((await next('problems')) as Msg & { problems: Record<string, number> }).problems;
};
/** a paced line, with what held the server's event loop while it ran (bench/http-server.ts `stalls`) */
async function withStalls(line: () => Promise<PacedShot>): Promise<PacedShot & { serverStalls: unknown }> {
  child.send({ type: 'stalls-reset' });
  await next('stalls-reset');
  const shot = await line();
  child.send({ type: 'stalls' });
  return { ...shot, serverStalls: ((await next('stalls')) as Msg & { stalls: unknown }).stalls };
}
/** CPU ms of the server process so far, from /proc (Linux; ticks of 10 ms) */
function serverCpuMs(): number {
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}
const cannon = async (o: object): Promise<Shot> => {
  const c0 = serverCpuMs();
  const res = await autocannon({ connections: 32, duration: HTTP_S, ...o });
  const cpu = serverCpuMs() - c0;
  const errorsBy: Record<string, number> = {};
  const add = (k: string, n: number) => {
    if (n > 0) errorsBy[k] = (errorsBy[k] ?? 0) + n;
  };
  add('timeout', res.timeouts as number);
  add('connection', (res.errors as number) - (res.timeouts as number));
  for (const [code, v] of Object.entries(res.statusCodeStats as Record<string, { count: number }>))
    if (!code.startsWith('2')) add(`status ${code}`, v.count);
  for (const [k, n] of Object.entries(await serverProblems())) add(`server: ${k}`, n);
  return {
    rps: res.requests.average as number,
    p50: res.latency.p50 as number,
    p99: res.latency.p99 as number,
    errors: (res.errors as number) + (res.non2xx as number),
    errorsBy,
    cpuUsPerReq: (cpu * 1000) / Math.max(1, res.requests.total as number),
  };
};
/**
 * Resource search, one call after another: the first page of 100, and all 5 pages of 1,000; then
 * the first page right after an unrelated commit in the server (`touch`), so that no kept answer
 * can serve it (search-cache.ts): the uncached search, with the server's CPU time it took.
 */
async function search(n: number) {
  const first: number[] = [];
  const all: number[] = [];
  const uncached: number[] = [];
  let uncachedCpuMs = 0;
  for (let i = 0; i < n; i++) {
    child.send({ type: 'touch' });
    await next('touched');
    const c0 = serverCpuMs();
    const u = performance.now();
    const res = await fetch(`${base}/access/v1/search/resource`, { method: 'POST', headers, body: searchBody(100) });
    await res.arrayBuffer();
    uncached.push(performance.now() - u);
    uncachedCpuMs += serverCpuMs() - c0;
  }
  for (let i = 0; i < n; i++) {
    let a = performance.now();
    const p = await fetch(`${base}/access/v1/search/resource`, { method: 'POST', headers, body: searchBody(100) });
    await p.arrayBuffer();
    first.push(performance.now() - a);
    a = performance.now();
    let token: string | undefined;
    let got = 0;
    do {
      const res = (await (
        await fetch(`${base}/access/v1/search/resource`, { method: 'POST', headers, body: searchBody(1000, token) })
      ).json()) as { results: unknown[]; page: { next_token: string } };
      got += res.results.length;
      token = res.page.next_token || undefined;
    } while (token);
    all.push(performance.now() - a);
    if (got !== 5000) throw new Error(`resource search paged ${got} results`);
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  return {
    uncachedFirstPageP50: pct(uncached, 0.5),
    uncachedFirstPageP99: pct(uncached, 0.99),
    uncachedCpuMsPerSearch: uncachedCpuMs / n,
    firstPageP50: pct(first, 0.5),
    firstPageP99: pct(first, 0.99),
    allPagesP50: pct(all, 0.5),
    allPagesP99: pct(all, 0.99),
  };
}

const http: Record<string, (Shot | PacedShot)[]> = {
  helloBare: [],
  hello: [],
  evaluation: [],
  helloBareAtHalf: [],
  helloAtHalf: [],
  evaluationAtHalf: [],
  batch100: [],
};
const pacedSingle = queries.map((x) => ({ body: JSON.stringify(input(x)), allow: x.allow }));
const searches: Awaited<ReturnType<typeof search>>[] = [];
if (profile) {
  log(`profiling ${profile} for ${HTTP_S * RUNS} s`);
  const hello = { hello: `${base}/bench/hello`, bare: `${ready.bareAddress}/bench/hello` }[profile];
  await cannon({
    url: hello ?? base,
    ...(hello ? {} : { requests: profile === 'evaluations' ? batch : single }),
    duration: HTTP_S * RUNS,
    ...(profile === 'evaluations' ? { connections: 8 } : {}),
  });
  child.send({ type: 'exit' });
  await new Promise((r) => child.once('exit', r));
  log(`profile written to ${profDir}`);
  process.exit(0);
}
for (let run = 0; run < RUNS; run++) {
  loads.push(loadavg());
  http.helloBare!.push(await cannon({ url: `${ready.bareAddress}/bench/hello` }));
  http.hello!.push(await cannon({ url: `${base}/bench/hello` }));
  const ev = await cannon({ url: base, requests: single });
  http.evaluation!.push(ev);
  // half of the measured peak, evenly paced; hello-world at the same rate shows what the harness and the machine cost
  // (and a bare Fastify's, in the same server process: what the generator and the machine cost alone),
  // each with what held the server's event loop meanwhile (session 10)
  const half = Math.max(1, Math.floor(ev.rps / 2));
  http.helloBareAtHalf!.push(
    await withStalls(() =>
      paced({
        base: ready.bareAddress,
        cpuMs: serverCpuMs,
        path: '/bench/hello',
        rate: half,
        seconds: HTTP_S,
        connections: 32,
      }),
    ),
  );
  http.helloAtHalf!.push(
    await withStalls(() =>
      paced({ base, cpuMs: serverCpuMs, path: '/bench/hello', rate: half, seconds: HTTP_S, connections: 32 }),
    ),
  );
  const half1 = await withStalls(() =>
    paced({
      base,
      headers,
      cpuMs: serverCpuMs,
      path: '/access/v1/evaluation',
      rate: half,
      seconds: HTTP_S,
      connections: 32,
      bodies: pacedSingle,
    }),
  );
  for (const [k, n] of Object.entries(await serverProblems())) half1.errorsBy[`server: ${k}`] = n;
  http.evaluationAtHalf!.push(half1);
  http.batch100!.push(await cannon({ url: base, requests: batch, connections: 8 }));
  searches.push(await search(Number(process.env.BENCH_SEARCH ?? '10')));
  log(
    `run ${run + 1}/${RUNS}: ${Object.entries(http)
      .map(
        ([k, v]) =>
          `${k} ${Math.round(v.at(-1)!.rps)}/s p99 ${v.at(-1)!.p99} ms cpu ${v.at(-1)!.cpuUsPerReq.toFixed(0)} µs/req`,
      )
      .join(', ')}; search ${JSON.stringify(searches.at(-1))}`,
  );
}
child.send({ type: 'rss' });
const end = (await next('rss')) as Msg & { rssMb: number; heapMb: number };
child.send({ type: 'exit' });
await new Promise((r) => child.once('exit', r));
loads.push(loadavg());

// ---------------------------------------------------------------- artifact
const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! };
};
const summary = Object.fromEntries(
  Object.entries(http).map(([k, v]) => [
    k,
    {
      rps: stat(v.map((x) => x.rps)),
      p50ms: stat(v.map((x) => x.p50)),
      p99ms: stat(v.map((x) => x.p99)),
      cpuUsPerReq: stat(v.map((x) => x.cpuUsPerReq)),
      errors: v.reduce((a, x) => a + x.errors, 0),
      errorsBy: v.reduce<Record<string, number>>((a, x) => {
        for (const [k, n] of Object.entries(x.errorsBy ?? {})) a[k] = (a[k] ?? 0) + n;
        return a;
      }, {}),
      ...(v[0] && 'generator' in v[0]
        ? {
            generator: 'paced (open loop, evenly spaced sends, latency from the scheduled send)',
            p999ms: stat(v.map((x) => (x as PacedShot).p999)),
            offeredRps: stat(v.map((x) => (x as PacedShot).offeredRps)),
            achievedRps: stat(v.map((x) => (x as PacedShot).achievedRps)),
            dispatchLagP99ms: stat(v.map((x) => (x as PacedShot).dispatchLagP99)),
            mismatches: v.reduce((a, x) => a + (x as PacedShot).mismatches, 0),
          }
        : {}),
      // what held the server's event loop during each run of the line (session 10), run by run
      ...(v[0] && 'serverStalls' in v[0]
        ? { serverStalls: v.map((x) => (x as { serverStalls?: unknown }).serverStalls) }
        : {}),
    },
  ]),
);
const result = {
  kind: 'http',
  label,
  when: new Date().toISOString(),
  command: `${engine === 'postgres' ? 'DATABASE_URL=… ' : ''}BENCH_SCALE=${scale} BENCH_LABEL=${label} npm run bench:http`,
  commit,
  dirty,
  machine: machine(),
  loadAverage: loadSamples(loads),
  database: engine,
  scale,
  dataSet: set,
  settings: {
    runs: RUNS,
    httpSeconds: HTTP_S,
    connections: 32,
    batchConnections: 8,
    batchItems: BATCH,
    questions: queries.length,
    requestLog: process.env.BENCH_HTTP_LOG ?? 'silent',
  },
  startup: { ...ready.startup, readyFromSpawnMs: readyMs, endRssMb: end.rssMb, endHeapMb: end.heapMb },
  http: summary,
  batchPerItemRatio: (summary.batch100!.rps.median * BATCH) / summary.evaluation!.rps.median,
  /** the issue's reference: a bare Fastify serving only hello-world (no btb hook), same process */
  evaluationShareOfBareHello: summary.evaluation!.rps.median / summary.helloBare!.rps.median,
  /** the same ratios from the server's CPU time per request, which the machine's load disturbs much less */
  cpu: {
    evaluationShareOfHello: summary.hello!.cpuUsPerReq.median / summary.evaluation!.cpuUsPerReq.median,
    evaluationShareOfBareHello: summary.helloBare!.cpuUsPerReq.median / summary.evaluation!.cpuUsPerReq.median,
    batchPerItemRatio: (summary.evaluation!.cpuUsPerReq.median * BATCH) / summary.batch100!.cpuUsPerReq.median,
  },
  search: {
    what: `POST /access/v1/search/resource, a person acting for 5,000 clients through mandates, ${process.env.BENCH_SEARCH ?? '10'} × per run, one after another`,
    uncached: 'the first page right after an unrelated commit in the server, so that no kept answer serves it',
    uncachedFirstPageP50ms: stat(searches.map((x) => x.uncachedFirstPageP50)),
    uncachedFirstPageP99ms: stat(searches.map((x) => x.uncachedFirstPageP99)),
    uncachedCpuMsPerSearch: stat(searches.map((x) => x.uncachedCpuMsPerSearch)),
    firstPageP50ms: stat(searches.map((x) => x.firstPageP50)),
    firstPageP99ms: stat(searches.map((x) => x.firstPageP99)),
    allPagesP50ms: stat(searches.map((x) => x.allPagesP50)),
    allPagesP99ms: stat(searches.map((x) => x.allPagesP99)),
  },
  answers: { checked, mismatches },
};
const outDir = join(here, 'results');
if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
const file = join(outDir, `http-${engine}-${scale}-${label}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${file}`);
console.log(
  `bare hello ${Math.round(summary.helloBare!.rps.median)}/s (${summary.helloBare!.cpuUsPerReq.median.toFixed(0)} µs), hello ${Math.round(summary.hello!.rps.median)}/s (${summary.hello!.cpuUsPerReq.median.toFixed(0)} µs), evaluation ${summary.evaluation!.cpuUsPerReq.median.toFixed(0)} µs, batch ${summary.batch100!.cpuUsPerReq.median.toFixed(0)} µs, evaluation ${Math.round(summary.evaluation!.rps.median)}/s (${Math.round((summary.evaluation!.rps.median / summary.hello!.rps.median) * 100)}%), p99 at half ${summary.evaluationAtHalf!.p99ms.median} ms, batch ×${result.batchPerItemRatio.toFixed(1)}, search first page p50 ${result.search.firstPageP50ms.median.toFixed(1)} ms (uncached ${result.search.uncachedFirstPageP50ms.median.toFixed(1)} ms)`,
);
process.exit(0);
