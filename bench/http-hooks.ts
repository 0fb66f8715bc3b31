/**
 * What btb's global hooks cost a request (issue 20, session 9), by addition: Fastify apps serving
 * hello-world (GET) and a POST with an evaluation's body answered with a constant, built with the
 * first k of btb's own installers (the functions buildApp calls, in its order), for k = 0 (a bare
 * Fastify) … all; then buildApp itself. Requests through app.inject, so the socket (the same for
 * all) is left out and the process's own CPU time per request is the measure: on this shared
 * machine far steadier than a load generator's req/s. Interleaved runs, medians. Prints a table
 * and writes bench/results/http-hooks-<label>.json.
 *
 *   BENCH_LABEL=session9 node bin/run-ts.mjs bench/http-hooks.ts     knobs: BENCH_RUNS (5), BENCH_N (20000)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Deps } from '../src/app/deps.ts';
import { buildApp } from '../src/http/app.ts';
import { installAuth } from '../src/http/auth.ts';
import { installCrossSiteGuard } from '../src/http/cross-site.ts';
import { frameworkErrors, installErrorHandler } from '../src/http/error-handler.ts';
import { installIdempotency } from '../src/http/idempotency.ts';
import { installLinkedEnterpriseGone } from '../src/http/linked-enterprises.ts';
import { installMetrics } from '../src/http/metrics.ts';
import { installQueryNumbers } from '../src/http/query-numbers.ts';
import { installRefusalAudit } from '../src/http/refusal-audit.ts';
import { installSecurityHeaders } from '../src/http/security-headers.ts';
import { loadConfig } from '../src/infra/config.ts';
import { openDatabase } from '../src/infra/db/database.ts';
import { migrateToLatest } from '../src/infra/db/migrate.ts';
import { benchDeps } from './bench-deps.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** buildApp's hooks, in buildApp's order; each step adds one */
const STEPS = [
  'bare Fastify',
  '+ request id (genReqId: x-request-id or a UUID)',
  '+ error handler, refusal audit (onError)',
  '+ linked enterprise gone (preHandler)',
  '+ cross-site guard (onRequest)',
  '+ query numbers (preValidation)',
  '+ security headers (onRequest)',
  '+ metrics (onResponse)',
  '+ actor resolution (preHandler; skipped by btbActor: false)',
  '+ idempotency (preHandler, onSend, onResponse)',
  'buildApp (every route and plugin) with the same two routes',
];

async function build(step: number, deps: Deps): Promise<FastifyInstance> {
  let app: FastifyInstance;
  if (step === STEPS.length - 1) app = await buildApp(deps);
  else {
    app = Fastify({
      ...(step >= 1
        ? {
            genReqId: (req: IncomingMessage) => {
              const given = req.headers['x-request-id'];
              return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
            },
          }
        : {}),
      ...(step >= 2 ? { frameworkErrors } : {}),
    });
    if (step >= 2) {
      installErrorHandler(app);
      installRefusalAudit(app, deps);
    }
    if (step >= 3) installLinkedEnterpriseGone(app, deps);
    if (step >= 4) installCrossSiteGuard(app);
    if (step >= 5) installQueryNumbers(app);
    if (step >= 6) installSecurityHeaders(app);
    if (step >= 7) installMetrics(app, deps.config);
    if (step >= 8) installAuth(app, []);
    if (step >= 9) installIdempotency(app, deps.db.db);
  }
  const options = { config: { btbActor: false as const } };
  app.get('/bench/hello', options, async () => ({ hello: 'world' }));
  app.post('/bench/post', options, async () => ({ decision: true, context: { reason_admin: 'x', reason_user: 'x' } }));
  await app.ready();
  return app;
}

const N = Number(process.env.BENCH_N ?? '20000');
const runs = Number(process.env.BENCH_RUNS ?? '5');
const label = process.env.BENCH_LABEL ?? 'latest';
const dir = mkdtempSync(join(tmpdir(), 'btb-hooks-'));
const url = `sqlite:${join(dir, 'db.sqlite')}`;
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, BTB_DEV_KEY_PATH: join(dir, 'dev-key.json') });
const db = openDatabase(url);
await migrateToLatest(db.db);
const deps = benchDeps(config, db);
const apps = [];
for (let s = 0; s < STEPS.length; s++) apps.push(await build(s, deps));
const body = JSON.stringify({
  subject: { type: 'person', id: '85073003328' },
  resource: { type: 'online-service', id: 'payroll', properties: { enterprise: '0403170701' } },
  action: { name: 'use' },
});
const hello = { method: 'GET' as const, url: '/bench/hello' };
const post = {
  method: 'POST' as const,
  url: '/bench/post',
  headers: { 'content-type': 'application/json' },
  payload: body,
};
/** CPU µs per request of N requests, 64 in flight */
async function cpuPerRequest(app: FastifyInstance, req: object): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i += 64) {
    const batch = [];
    for (let j = 0; j < 64; j++) batch.push(app.inject(req));
    for (const r of await Promise.all(batch)) if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / N;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows = STEPS.map((step) => ({ step, helloCpuUs: [] as number[], postCpuUs: [] as number[] }));
const loads = [loadavg()];
for (let s = 0; s < STEPS.length; s++) await cpuPerRequest(apps[s]!, hello); // warm-up
for (let run = 0; run < runs; run++) {
  // interleaved: every step measured in each run, so the machine's load falls on all alike
  for (let s = 0; s < STEPS.length; s++) {
    rows[s]!.helloCpuUs.push(await cpuPerRequest(apps[s]!, hello));
    rows[s]!.postCpuUs.push(await cpuPerRequest(apps[s]!, post));
  }
  loads.push(loadavg());
  process.stderr.write(`run ${run + 1}/${runs}\n`);
}
for (const app of apps) await app.close();
await db.close();
const r1 = (x: number) => Number(x.toFixed(1));
console.log('| step | hello-world CPU µs/req | POST with a body, CPU µs/req |');
console.log('|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.step} | ${r1(median(r.helloCpuUs))} (${r1(Math.min(...r.helloCpuUs))}–${r1(Math.max(...r.helloCpuUs))}) | ${r1(median(r.postCpuUs))} (${r1(Math.min(...r.postCpuUs))}–${r1(Math.max(...r.postCpuUs))}) |`,
  );
const out = {
  kind: 'http-hooks',
  label,
  when: new Date().toISOString(),
  command: `BENCH_LABEL=${label} node bin/run-ts.mjs bench/http-hooks.ts`,
  commit: process.env.BENCH_COMMIT ?? null,
  machine: { nproc: cpus().length, cpu: cpus()[0]?.model, node: process.version },
  loadAverage: { samples: loads.map((l) => l.map((x) => Number(x.toFixed(2)))) },
  settings: { runs, requestsPerShot: N, inFlight: 64, through: 'app.inject (no socket: the hooks alone)' },
  steps: rows.map((r) => ({ ...r, helloMedianUs: r1(median(r.helloCpuUs)), postMedianUs: r1(median(r.postCpuUs)) })),
};
writeFileSync(join(here, 'results', `http-hooks-${label}.json`), `${JSON.stringify(out, null, 2)}\n`);
