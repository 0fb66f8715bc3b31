/**
 * The symmetric check harness (issue 20): the same data loaded into btb, node-casbin and a plain
 * Map; the same pre-generated queries; the same warm-up and count; RUNS runs with the systems
 * interleaved (their order rotates per run, so machine noise falls on all alike); medians with
 * min and max; every decision compared across systems. btb is measured exactly as the API runs
 * it: createChecker() (mandate lookup included), as the AuthZEN routes build it.
 *
 *   BENCH_SCALE=0.1 node bin/run-ts.mjs bench/compare.ts     (1 = 1M enterprises, 3M persons, 5M grants)
 *   knobs: BENCH_RUNS (5), BENCH_QUERIES (50,000 per mix and run), BENCH_WARM (10,000), BENCH_LATENCY (5,000 timed one by one),
 *          BENCH_HTTP_SECONDS (5; 0 skips HTTP), BENCH_LABEL (a name for the artifact, e.g. before/after),
 *          BENCH_MIXES / BENCH_SYSTEMS (comma lists, to profile one), BENCH_PREPARE_ONLY=1 (generate the data, stop),
 *          BENCH_USE_AB=1 (adds `btb-no-use`: the same checker without the grant-use recorder, issue 17)
 *
 * Writes bench/results/compare-<engine>-<scale>-<label>.json; `npm run bench:report` turns the
 * artifacts into the tables of bench/README.md.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newEnforcer } from 'casbin';
import { revokeGrant } from '../src/app/change-grant.ts';
import { type CheckDeps, checkAccess, type EvaluationInput } from '../src/app/check-access.ts';
import { createChecker } from '../src/app/check-deps.ts';
import { grantAccess } from '../src/app/grant-access.ts';
import { addApiClient } from '../src/app/manage-api-clients.ts';
import { defaultCataloguePath, loadCatalogue } from '../src/domain/catalogue.ts';
import { buildApp } from '../src/http/app.ts';
import { loadConfig } from '../src/infra/config.ts';
import { casbinRbacWithDomains, loadSamples, machine } from './artifact.ts';
import { benchDeps } from './bench-deps.ts';
import { benchDatabaseUrl, ensureMandateData, ensureSystemData, openCheckData } from './check-data.ts';
import { dataSetAt, enterpriseAt, grantableServices, grantSpecs, personAt, prng } from './generate-check-data.ts';

const t0 = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? '0.1');
const RUNS = Number(process.env.BENCH_RUNS ?? '5');
const N = Number(process.env.BENCH_QUERIES ?? '50000');
const WARM = Number(process.env.BENCH_WARM ?? '10000');
const LAT = Math.min(N, Number(process.env.BENCH_LATENCY ?? '5000'));
const HTTP_S = Number(process.env.BENCH_HTTP_SECONDS ?? '5');
const label = process.env.BENCH_LABEL ?? 'latest';
const set = dataSetAt(scale);
const url = benchDatabaseUrl(here, scale);
const log = (s: string) =>
  process.stderr.write(`[bench:compare ${((performance.now() - t0) / 1000).toFixed(1)}s] ${s}\n`);
const loads: number[][] = [loadavg()];
const git = (c: string) => {
  try {
    return execSync(c, { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
};
// read at the start: the code measured is the code loaded now, whatever changes during the run
const commit = git('git rev-parse --short HEAD');
const dirty = (git('git status --porcelain --untracked-files=no') ?? '') !== '';

// ---------------------------------------------------------------- data
const catalogue = loadCatalogue(defaultCataloguePath);
const config = loadConfig({
  NODE_ENV: 'test',
  DATABASE_URL: url,
  LOG_LEVEL: 'silent',
  BTB_DEV_KEY_PATH: join(here, '..', 'data', 'bench', 'dev-key.json'),
});
const { db, generatedInS } = await openCheckData(url, catalogue, set, scale, log);
const mandateSpecs = await ensureMandateData(db, catalogue, set, log);
const systemSpecs = await ensureSystemData(db, catalogue, set, log);
if (process.env.BENCH_PREPARE_ONLY) {
  // generate the data set now, measure later (BENCH_PREPARE_ONLY=1)
  await db.close();
  process.exit(0);
}
const services = grantableServices(catalogue);
const deps = benchDeps(config, db, catalogue);

// Every grant at an active enterprise, as (person, enterprise, service) indexes: what all three hold.
const gp: number[] = [];
const ge: number[] = [];
const gs: number[] = [];
for (const g of grantSpecs(set, services.length)) {
  if (g.enterprise % 50 === 49) continue; // stopped enterprises: nobody acts for them, in btb; left out of the others
  gp.push(g.person);
  ge.push(g.enterprise);
  gs.push(g.service);
}
const G = gp.length;
log(`${G} grants at active enterprises, ${mandateSpecs.length} under mandates`);

// ---------------------------------------------------------------- the three systems
const s0 = performance.now();
const check: CheckDeps = createChecker(deps);
const ctx = { client: { id: 'bench', scope: new Set<string>(), isAll: true }, lang: 'en' as const };
// What the API does in the background at start-up, awaited here so the measured state is its steady state.
const preload = await check.index.preload();
const btbStartMs = performance.now() - s0;
log(`btb preload: ${JSON.stringify(preload)}`);

const m0 = performance.now();
const map = new Map<string, true>();
const key = (p: string, e: string, s: string) => `${p}|${e}|${s}`;
for (let i = 0; i < G; i++) map.set(key(personAt(gp[i]!), enterpriseAt(ge[i]!), services[gs[i]!]!.code), true);
for (const m of mandateSpecs) map.set(key(m.person, m.client, m.service), true);
// a system acts under each of its client ids: the others hold one entry per client id
const systemSubject = (clientId: string) => `system:${clientId}`;
for (const x of systemSpecs) for (const c of x.clientIds) map.set(key(systemSubject(c), x.enterprise, x.service), true);
const mapLoadMs = performance.now() - m0;

const model = casbinRbacWithDomains();
const c0 = performance.now();
const enforcer = await newEnforcer(model);
// an A/B of btb alone (BENCH_SYSTEMS without casbin) loads no casbin: its seconds go to the runs
const withCasbin = !process.env.BENCH_SYSTEMS || process.env.BENCH_SYSTEMS.split(',').includes('casbin');
if (withCasbin) {
  await enforcer.addPolicies(services.map((s) => [`user-of:${s.code}`, s.code, 'use']));
  // node-casbin's adding API compares each new rule with every existing one (O(n²)); rules are
  // appended to the model directly, then the role links built once, as loadPolicy ends.
  const gPolicy = enforcer.getModel().model.get('g')!.get('g')!.policy as string[][];
  for (let i = 0; i < G; i++)
    gPolicy.push([personAt(gp[i]!), `user-of:${services[gs[i]!]!.code}`, enterpriseAt(ge[i]!)]);
  for (const m of mandateSpecs) gPolicy.push([m.person, `user-of:${m.service}`, m.client]);
  for (const x of systemSpecs)
    for (const c of x.clientIds) gPolicy.push([systemSubject(c), `user-of:${x.service}`, x.enterprise]);
  await enforcer.buildRoleLinks();
}
const casbinLoadMs = performance.now() - c0;
log(
  `loaded: btb start ${btbStartMs.toFixed(0)} ms, Map ${mapLoadMs.toFixed(0)} ms, casbin ${casbinLoadMs.toFixed(0)} ms`,
);

// ---------------------------------------------------------------- queries
interface Q {
  person: string;
  enterprise: string;
  service: string;
  input: EvaluationInput;
}
const q = (person: string, enterprise: string, service: string): Q => ({
  person,
  enterprise,
  service,
  input: {
    subject: { type: 'person', id: person },
    resource: { type: 'online-service', id: service, properties: { enterprise } },
    action: { name: 'use' },
  },
});
const activeEnterprise = (r: () => number) => {
  const e = Math.floor(r() * set.enterprises);
  return e % 50 === 49 ? e - 1 : e;
};
/** A "no": a grant holder at another enterprise (half), or anybody in the population (half). */
function denyQuery(r: () => number, person?: string): Q {
  for (;;) {
    const p = person ?? (r() < 0.5 ? personAt(gp[Math.floor(r() * G)]!) : personAt(Math.floor(r() * set.persons)));
    const cand = q(p, enterpriseAt(activeEnterprise(r)), services[Math.floor(r() * services.length)]!.code);
    if (!map.has(key(cand.person, cand.enterprise, cand.service))) return cand;
  }
}
/** The same question asked by a system (issue 18): `person` holds `system:<client id>` for the others. */
const sq = (clientId: string, enterprise: string, service: string): Q => ({
  person: systemSubject(clientId),
  enterprise,
  service,
  input: {
    subject: { type: 'system', id: clientId },
    resource: { type: 'online-service', id: service, properties: { enterprise } },
    action: { name: 'use' },
  },
});
/** A system's "no": one of its client ids at an enterprise (and service) it holds no grant for. */
function systemDeny(r: () => number, clientId: string): Q {
  for (;;) {
    const cand = sq(clientId, enterpriseAt(activeEnterprise(r)), services[Math.floor(r() * services.length)]!.code);
    if (!map.has(key(cand.person, cand.enterprise, cand.service))) return cand;
  }
}
type Mix = 'cold-90' | 'cold-50' | 'hot-90' | 'hot-50' | 'mandate-90' | 'system-90';
const MIXES: { mix: Mix; what: string }[] = [
  { mix: 'cold-90', what: 'subjects across the whole population, 90% allow' },
  { mix: 'cold-50', what: 'subjects across the whole population, 50% allow' },
  { mix: 'hot-90', what: 'hot set of 1,000 subjects, 90% allow' },
  { mix: 'hot-50', what: 'hot set of 1,000 subjects, 50% allow' },
  { mix: 'mandate-90', what: 'persons acting under mandates, 90% allow' },
  { mix: 'system-90', what: 'systems (software) acting for enterprises, 90% allow' },
];
const onlyMixes = process.env.BENCH_MIXES?.split(',');
if (onlyMixes) MIXES.splice(0, MIXES.length, ...MIXES.filter((m) => onlyMixes.includes(m.mix)));
const hotRnd = prng(1000);
const hot = Array.from({ length: 1000 }, () => Math.floor(hotRnd() * G));
function queries(mix: Mix, seed: number, n: number): Q[] {
  const r = prng(seed);
  const allowShare = mix.endsWith('-50') ? 0.5 : 0.9;
  const out: Q[] = [];
  for (let i = 0; i < n; i++) {
    const allow = r() < allowShare;
    if (mix === 'system-90') {
      const x = systemSpecs[Math.floor(r() * systemSpecs.length)]!;
      const clientId = x.clientIds[Math.floor(r() * x.clientIds.length)]!;
      out.push(allow ? sq(clientId, x.enterprise, x.service) : systemDeny(r, clientId));
    } else if (mix === 'mandate-90') {
      const m = mandateSpecs[Math.floor(r() * mandateSpecs.length)]!;
      out.push(allow ? q(m.person, m.client, m.service) : denyQuery(r, m.person));
    } else if (mix.startsWith('hot')) {
      const g = hot[Math.floor(r() * hot.length)]!;
      out.push(
        allow ? q(personAt(gp[g]!), enterpriseAt(ge[g]!), services[gs[g]!]!.code) : denyQuery(r, personAt(gp[g]!)),
      );
    } else {
      const g = Math.floor(r() * G);
      out.push(allow ? q(personAt(gp[g]!), enterpriseAt(ge[g]!), services[gs[g]!]!.code) : denyQuery(r));
    }
  }
  return out;
}

// ---------------------------------------------------------------- measuring
type Op = (x: Q) => boolean | Promise<boolean>;
const systems: Record<string, Op> = {
  btb: (x) => {
    const r = checkAccess(check, ctx, x.input);
    return r instanceof Promise ? r.then((v) => v.decision) : r.decision;
  },
  casbin: (x) => enforcer.enforceSync(x.person, x.enterprise, x.service, 'use'),
  map: (x) => map.has(key(x.person, x.enterprise, x.service)),
};
if (process.env.BENCH_USE_AB) {
  // the recorder's cost (issue 17): the same index and mandate sources, nothing noted per "yes"
  const noUse: CheckDeps = { ...check, usage: undefined };
  systems['btb-no-use'] = (x) => {
    const r = checkAccess(noUse, ctx, x.input);
    return r instanceof Promise ? r.then((v) => v.decision) : r.decision;
  };
}
const NAMES = Object.keys(systems).filter(
  (n) => !process.env.BENCH_SYSTEMS || process.env.BENCH_SYSTEMS.split(',').includes(n),
);

/**
 * Checks per second of wall time, and per second of this process's CPU time (user + system):
 * on a shared machine the second is far less disturbed by other processes, which steal wall time
 * but not CPU time (they still cost some through caches).
 */
async function pass(op: Op, qs: Q[], decisions?: Uint8Array): Promise<{ wall: number; cpu: number }> {
  const a = process.hrtime.bigint();
  const c = process.cpuUsage();
  for (let i = 0; i < qs.length; i++) {
    let r = op(qs[i]!);
    if (r instanceof Promise) r = await r;
    if (decisions) decisions[i] = r ? 1 : 0;
  }
  const used = process.cpuUsage(c);
  return {
    wall: qs.length / (Number(process.hrtime.bigint() - a) / 1e9),
    cpu: qs.length / ((used.user + used.system) / 1e6),
  };
}
async function latencies(op: Op, qs: Q[]): Promise<{ p50: number; p99: number; max: number }> {
  const lat = new Float64Array(qs.length);
  for (let i = 0; i < qs.length; i++) {
    const a = process.hrtime.bigint();
    const r = op(qs[i]!);
    if (r instanceof Promise) await r;
    lat[i] = Number(process.hrtime.bigint() - a) / 1000;
  }
  lat.sort();
  return { p50: lat[Math.floor(lat.length / 2)]!, p99: lat[Math.floor(lat.length * 0.99)]!, max: lat[lat.length - 1]! };
}

interface Sample {
  opsPerSec: number;
  cpuOpsPerSec: number;
  p50us: number;
  p99us: number;
  allowed: number;
}
const samples: Record<string, Record<string, Sample[]>> = {};
// BENCH_PROFILE=<file>: a CPU profile of the measured runs only (not the loading), for `node --cpu-prof`'s viewers
const profileTo = process.env.BENCH_PROFILE;
const profiler = profileTo ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const mismatches: Record<string, { count: number; examples: string[] }> = {};
for (let run = 0; run < RUNS; run++) {
  loads.push(loadavg());
  for (const { mix } of MIXES) {
    // Fresh subjects every run (cold stays cold), the same for every system within the run.
    const warm = queries(mix, 10_000 + run * 97 + mix.length, WARM);
    const measured = queries(mix, 20_000 + run * 97 + mix.length, N);
    const decided: Record<string, Uint8Array> = {};
    const order = NAMES.map((_, i) => NAMES[(i + run) % NAMES.length]!);
    for (const name of order) {
      const op = systems[name]!;
      await pass(op, warm);
      const d = new Uint8Array(N);
      const { wall: opsPerSec, cpu: cpuOpsPerSec } = await pass(op, measured, d);
      const l = await latencies(op, queries(mix, 30_000 + run * 97 + mix.length, LAT));
      decided[name] = d;
      let allowed = 0;
      for (const v of d) allowed += v;
      samples[mix] = samples[mix] ?? {};
      samples[mix][name] = [
        ...(samples[mix][name] ?? []),
        { opsPerSec, cpuOpsPerSec, p50us: l.p50, p99us: l.p99, allowed },
      ];
    }
    const mm = mismatches[mix] ?? { count: 0, examples: [] };
    mismatches[mix] = mm;
    for (let i = 0; i < N; i++) {
      const ref = decided[NAMES[0]!]![i];
      if (NAMES.every((n) => decided[n]![i] === ref)) continue;
      mm.count++;
      if (mm.examples.length < 5)
        mm.examples.push(
          `${JSON.stringify([measured[i]!.person, measured[i]!.enterprise, measured[i]!.service])} ${NAMES.map((n) => `${n}=${decided[n]![i]}`).join(' ')}`,
        );
    }
    log(
      `run ${run + 1}/${RUNS} ${mix}: ${NAMES.map((n) => `${n} ${Math.round(samples[mix]![n]!.at(-1)!.opsPerSec)}/s p99 ${samples[mix]![n]!.at(-1)!.p99us.toFixed(1)}µs`).join(', ')}; mismatches so far ${mm.count}`,
    );
  }
}

if (profiler && profileTo) {
  const { profile } = (await profiler.post('Profiler.stop')) as { profile: unknown };
  writeFileSync(profileTo, JSON.stringify(profile));
  log(`CPU profile of the measured runs: ${profileTo}`);
}

// ---------------------------------------------------------------- revocation: the next check says no
const REVOKE = Number(process.env.BENCH_REVOKE ?? '40');
const revocation: Record<string, { checks: number; stillAllowed: number; p50us: number; max: number }> = {};
{
  const r = prng(555);
  const actorCtx = (person: string) => ({
    actor: { personNumber: person, loa: 'substantial' as const, means: 'eid' as const, via: 'bearer' as const },
  });
  const made: { id: string; q: Q; main: string }[] = [];
  for (let i = 0; i < REVOKE * RUNS; i++) {
    const e = activeEnterprise(r);
    const main = personAt((e * 7 + 1) % set.persons);
    const cand = denyQuery(r);
    const x = q(cand.person, enterpriseAt(e), cand.service);
    if (map.has(key(x.person, x.enterprise, x.service))) continue;
    const g = await grantAccess(deps, actorCtx(main), {
      enterprise: x.enterprise,
      person: x.person,
      service: x.service,
    });
    made.push({ id: g.grant!.id, q: x, main });
  }
  for (const m of made) {
    map.set(key(m.q.person, m.q.enterprise, m.q.service), true);
    if (withCasbin) await enforcer.addGroupingPolicy(m.q.person, `user-of:${m.q.service}`, m.q.enterprise);
  }
  const revokeIn: Record<string, (m: (typeof made)[number]) => Promise<void>> = {
    btb: async (m) => {
      await revokeGrant(deps, actorCtx(m.main), { enterprise: m.q.enterprise, id: m.id });
    },
    casbin: async (m) => {
      await enforcer.removeGroupingPolicy(m.q.person, `user-of:${m.q.service}`, m.q.enterprise);
    },
    map: async (m) => {
      map.delete(key(m.q.person, m.q.enterprise, m.q.service));
    },
  };
  for (const name of NAMES) {
    if (!revokeIn[name]) continue; // btb-no-use shares btb's index: btb's revocations are its own
    const lat: number[] = [];
    let still = 0;
    for (const m of made) {
      const op = systems[name]!;
      if (!(await op(m.q))) throw new Error(`${name}: the new grant is not seen`);
      await revokeIn[name]!(m);
      const a = process.hrtime.bigint();
      const yes = await op(m.q);
      lat.push(Number(process.hrtime.bigint() - a) / 1000);
      if (yes) still++;
    }
    lat.sort((a, b) => a - b);
    revocation[name] = {
      checks: made.length,
      stillAllowed: still,
      p50us: lat[Math.floor(lat.length / 2)]!,
      max: lat[lat.length - 1]!,
    };
  }
  log(`revocation: ${JSON.stringify(revocation)}`);
}

// ---------------------------------------------------------------- HTTP, in the same process
// @ts-expect-error autocannon ships no types; the fields used are documented in its README
const autocannon = ((await import('autocannon')) as { default: (o: object) => Promise<any> }).default;
// BENCH_HTTP_SECONDS=0: in-process figures only, and no app built (under a heavy load its plugins
// can time out at registration, which ended a whole run before its artifact was written)
const withHttp = HTTP_S > 0;
const client = withHttp
  ? await addApiClient(deps, { name: `bench ${new Date().toISOString()}`, scope: '*' })
  : { clientId: '', clientSecret: '' };
const auth = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
const app = withHttp ? await buildApp(deps) : undefined;
app?.get('/bench/hello', async () => ({ hello: 'world' }));
const base = app ? await app.listen({ port: 0, host: '127.0.0.1' }) : '';
const headers = { 'content-type': 'application/json', authorization: auth };
const httpQs = queries('cold-90', 4242, 1000);
const single = httpQs.map((x) => ({
  method: 'POST',
  path: '/access/v1/evaluation',
  headers,
  body: JSON.stringify(x.input),
}));
const batch = Array.from({ length: 10 }, (_, b) => ({
  method: 'POST',
  path: '/access/v1/evaluations',
  headers,
  body: JSON.stringify({ evaluations: httpQs.slice(b * 100, b * 100 + 100).map((x) => x.input) }),
}));
// Every HTTP answer agrees with the in-process one (the same checker behind the route).
let httpMismatches = 0;
const HTTP_CHECKED = HTTP_S > 0 ? 200 : 0; // BENCH_HTTP_SECONDS=0: in-process figures only
for (let i = 0; i < HTTP_CHECKED; i++) {
  const res = (await (
    await fetch(`${base}/access/v1/evaluation`, { method: 'POST', headers, body: single[i]!.body })
  ).json()) as { decision: boolean };
  if (res.decision !== map.has(key(httpQs[i]!.person, httpQs[i]!.enterprise, httpQs[i]!.service))) httpMismatches++;
}
const cannon = async (o: object) => {
  const r = await autocannon({ connections: 32, duration: HTTP_S, workers: 1, ...o });
  return {
    rps: r.requests.average as number,
    p50: r.latency.p50 as number,
    p99: r.latency.p99 as number,
    errors: (r.errors as number) + (r.non2xx as number),
  };
};
const http: Record<string, { rps: number; p50: number; p99: number; errors: number }[]> = {
  hello: [],
  evaluation: [],
  evaluationAtHalf: [],
  batch100: [],
};
for (let run = 0; run < (HTTP_S > 0 ? RUNS : 0); run++) {
  loads.push(loadavg());
  http.hello!.push(await cannon({ url: `${base}/bench/hello` }));
  const ev = await cannon({ url: base, requests: single });
  http.evaluation!.push(ev);
  http.evaluationAtHalf!.push(
    await cannon({ url: base, requests: single, overallRate: Math.max(1, Math.floor(ev.rps / 2)) }),
  );
  http.batch100!.push(await cannon({ url: base, requests: batch, connections: 8 }));
  log(
    `HTTP run ${run + 1}: ${Object.entries(http)
      .map(([k, v]) => `${k} ${Math.round(v.at(-1)!.rps)}/s p99 ${v.at(-1)!.p99} ms`)
      .join(', ')}`,
  );
}
await app?.close();

// ---------------------------------------------------------------- artifact
const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! };
};
const summary = Object.fromEntries(
  MIXES.map(({ mix, what }) => [
    mix,
    {
      what,
      systems: Object.fromEntries(
        NAMES.map((n) => {
          const xs = samples[mix]![n]!;
          return [
            n,
            {
              opsPerSec: stat(xs.map((x) => x.opsPerSec)),
              cpuOpsPerSec: stat(xs.map((x) => x.cpuOpsPerSec)),
              p50us: stat(xs.map((x) => x.p50us)),
              p99us: stat(xs.map((x) => x.p99us)),
              allowedShare: xs[0]!.allowed / N,
            },
          ];
        }),
      ),
      mismatches: mismatches[mix],
    },
  ]),
);
const httpSummary = Object.fromEntries(
  Object.entries(http).map(([k, v]) => [
    k,
    {
      rps: stat(v.map((x) => x.rps)),
      p50ms: stat(v.map((x) => x.p50)),
      p99ms: stat(v.map((x) => x.p99)),
      errors: v.reduce((a, x) => a + x.errors, 0),
    },
  ]),
);
loads.push(loadavg());
const result = {
  kind: 'compare',
  label,
  when: new Date().toISOString(),
  command: `BENCH_SCALE=${scale} BENCH_LABEL=${label} npm run bench:compare`,
  commit,
  dirty,
  machine: machine(),
  loadAverage: loadSamples(loads),
  database: db.engine,
  scale,
  dataSet: set,
  generatedInS,
  settings: {
    runs: RUNS,
    queriesPerMixAndRun: N,
    warmUp: WARM,
    latencySample: LAT,
    httpSeconds: HTTP_S,
    httpConnections: 32,
  },
  load: { btbStartMs, mapLoadMs, casbinLoadMs, grants: G + mandateSpecs.length },
  rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  btbIndex: check.index.size,
  btbStats: { ...check.index.stats, mandateFacts: check.index.mandateFacts?.stats },
  inProcess: summary,
  revocation,
  http: { ...httpSummary, decisionsCheckedAgainstMap: HTTP_CHECKED, mismatches: httpMismatches },
};
const outDir = join(here, 'results');
if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
const file = join(outDir, `compare-${db.engine}-${scale}-${label}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${file}`);
for (const { mix } of MIXES) {
  const s = summary[mix]!.systems as Record<string, { opsPerSec: { median: number }; p99us: { median: number } }>;
  console.log(
    `${mix.padEnd(11)} ${NAMES.map((n) => `${n} ${Math.round(s[n]!.opsPerSec.median).toLocaleString('en')}/s (p99 ${s[n]!.p99us.median.toFixed(1)} µs)`).join('  ')}  mismatches ${mismatches[mix]!.count}`,
  );
}
await db.close();
process.exit(0);
