/**
 * The server half of bench/http.ts: btb's app as `btb serve` builds it (buildApp, the AuthZEN
 * routes preloading their index in the background), on the benchmark's data set, in a process of
 * its own so that the load generator and the server do not share a heap or an event loop. A
 * hello-world route is added to the same app (same hooks), and served by a bare Fastify (the
 * issue's reference) on a second port. Talks to its parent
 * over IPC: `ready` (port, client credentials, start-up figures), `rss`, `touch` (an unrelated
 * commit), `stalls-reset` / `stalls` (what held this process's event loop during a line), then `exit`.
 *
 * Start-up figures are taken from this process's own clock origin (performance.now() counts from
 * the process start): modules loaded, app built, listening, first evaluation answered, preload
 * complete; RSS at each of those points.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { addApiClient } from '../src/app/manage-api-clients.ts';
import { buildApp } from '../src/http/app.ts';
import { loadConfig } from '../src/infra/config.ts';
import { openDatabase } from '../src/infra/db/database.ts';
import { benchDeps } from './bench-deps.ts';

const modulesMs = performance.now();
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const url = process.env.BENCH_URL!;
const keyPath = process.env.BENCH_KEY_PATH!;
// warnings and errors stay on (counted, not printed: `problems`); requests are logged at info
const logLevel = process.env.BENCH_HTTP_LOG ?? 'warn';

const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'info', BTB_DEV_KEY_PATH: keyPath });
const deps = benchDeps(config, openDatabase(url));
const client = await addApiClient(deps, { name: `bench http ${new Date().toISOString()}`, scope: '*' });

// The logger the server would have; its lines are read here only to learn when the preload ends,
// then it is set to BENCH_HTTP_LOG (silent by default: the hello-world route logs alike either way).
let preloaded: { atMs: number; rssMb: number; result: unknown } | undefined;
/**
 * The server's warnings and errors since last asked (`problems` over IPC), by message, HTTP status
 * and error code: what an error counted by the load generator was on the server's side.
 */
let problems: Record<string, number> = {};
const countProblem = (line: string) => {
  const o = JSON.parse(line) as {
    msg?: string;
    err?: { code?: string; type?: string; message?: string };
    res?: { statusCode?: number };
  };
  const k = [o.msg, o.res?.statusCode, o.err?.code ?? o.err?.type, o.err?.message?.slice(0, 80)]
    .filter(Boolean)
    .join(' | ');
  problems[k] = (problems[k] ?? 0) + 1;
};
let onPreloaded: () => void = () => {};
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n')) {
      if (line.includes('"level":4') || line.includes('"level":5') || line.includes('"level":6')) countProblem(line);
      if (!line.includes('check index preload')) continue;
      const o = JSON.parse(line) as Record<string, unknown>;
      preloaded = { atMs: performance.now(), rssMb: rss(), result: o };
      onPreloaded();
    }
    done();
  },
});
const logger = pino({ level: 'info' }, sink);
const app = await buildApp(deps, { logger });
app.get('/bench/hello', async () => ({ hello: 'world' }));
// The issue's reference (issue 20, session 9): a bare Fastify with nothing but that route, in this
// process (idle while the other is measured), so the server CPU per request compares alike.
const bare = Fastify();
bare.get('/bench/hello', async () => ({ hello: 'world' }));
// What a load generator's timeout was on this side (session 9): answers that took a second or more,
// and requests the client gave up on (it closed the socket first), by route and how long they had taken.
const started = new WeakMap<object, number>();
const bucket = (ms: number) => (ms >= 10_000 ? '>= 10 s' : ms >= 5_000 ? '5-10 s' : ms >= 1_000 ? '1-5 s' : '< 1 s');
const count = (k: string) => {
  problems[k] = (problems[k] ?? 0) + 1;
};
// synchronous (a callback, no promise): the check routes run no async hook of btb's (session 9, http9),
// and the server's CPU per request is what the benchmark reports
app.addHook('onRequest', (request, _reply, done) => {
  started.set(request, performance.now());
  done();
});
app.addHook('onResponse', (request, reply, done) => {
  if (reply.elapsedTime >= 1000) count(`answered after ${bucket(reply.elapsedTime)} | ${request.routeOptions.url}`);
  done();
});
app.addHook('onRequestAbort', async (request) => {
  const ms = performance.now() - (started.get(request) ?? performance.now());
  count(`closed by the client before the answer, after ${bucket(ms)} | ${request.routeOptions.url}`);
});
const builtMs = performance.now();
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });
const listenMs = performance.now();
const listenRss = rss();
const auth = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
const first = await app.inject({
  method: 'POST',
  url: '/access/v1/evaluation',
  headers: { authorization: auth, 'content-type': 'application/json' },
  payload: JSON.parse(process.env.BENCH_FIRST_QUERY!),
});
if (first.statusCode !== 200) throw new Error(`first evaluation: ${first.statusCode} ${first.body}`);
const firstAnswerMs = performance.now();
if (!preloaded) await new Promise<void>((r) => (onPreloaded = r));
logger.level = logLevel;
global.gc?.();

process.send!({
  type: 'ready',
  address,
  bareAddress,
  auth,
  startup: {
    modulesMs,
    builtMs,
    listenMs,
    listenRssMb: listenRss,
    firstAnswerMs,
    preloadDoneMs: preloaded!.atMs,
    preloadRssMb: preloaded!.rssMb,
    preload: preloaded!.result,
  },
});
/**
 * What held the event loop while a line ran (session 10: the p99 at half load): the loop's delay
 * (sampled every ms) and the garbage collector's pauses by kind, so that a slow tail is put down to
 * the server's own stalls, or else to the generator and the machine.
 */
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
let gcPauses: { kind: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    gcPauses.push({ kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0, ms: e.duration });
}).observe({ entryTypes: ['gc'] });
const gcKinds: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak callbacks' };
process.on('message', async (m: { type: string }) => {
  if (m.type === 'stalls-reset') {
    loopDelay.reset();
    loopDelay.enable();
    gcPauses = [];
    process.send!({ type: 'stalls-reset' });
  }
  if (m.type === 'stalls') {
    loopDelay.disable();
    const byKind: Record<string, { count: number; totalMs: number; maxMs: number }> = {};
    for (const g of gcPauses) {
      const k = gcKinds[g.kind] ?? String(g.kind);
      byKind[k] ??= { count: 0, totalMs: 0, maxMs: 0 };
      const b = byKind[k];
      b.count++;
      b.totalMs += g.ms;
      b.maxMs = Math.max(b.maxMs, g.ms);
    }
    process.send!({
      type: 'stalls',
      stalls: {
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        loopDelayMaxMs: loopDelay.max / 1e6,
        /** the longest stretches the loop was held: delays over 5 ms, as counted by the sampler */
        gc: byKind,
      },
    });
  }
  if (m.type === 'problems') {
    process.send!({ type: 'problems', problems });
    problems = {};
  }
  if (m.type === 'rss')
    process.send!({ type: 'rss', rssMb: rss(), heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) });
  if (m.type === 'touch') {
    // an unrelated commit through the server's own database handle, as any write would be: it moves
    // the committed state, so resource search's kept answers lapse (bench/http.ts, uncached search)
    const value = String(Date.now());
    await deps.db.db
      .insertInto('kbo_meta')
      .values({ variable: 'bench_touch', value })
      .onConflict((oc) => oc.column('variable').doUpdateSet({ value }))
      .execute();
    process.send!({ type: 'touched' });
  }
  if (m.type === 'exit') {
    await app.close();
    await bare.close();
    await deps.db.close();
    process.exit(0); // writes the --cpu-prof profile when profiling
  }
});
