/**
 * The HTTP tables of bench/README.md, from the artifacts of bench/http.ts
 * (bench/results/http-*.json): one table per artifact, and a before/after table per engine and
 * scale when both labels exist. Called by bench/report.ts (`npm run bench:report`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactHead } from './artifact.ts';

interface Stat {
  median: number;
  min: number;
  max: number;
}
interface Shot {
  rps: Stat;
  p50ms: Stat;
  p99ms: Stat;
  cpuUsPerReq: Stat;
  errors: number;
  /** since session 9: what the errors were (timeouts, statuses, the server's logged problems) */
  errorsBy?: Record<string, number>;
  /** since session 8, the half-load lines: the evenly paced open-loop generator of bench/http.ts */
  generator?: string;
  p999ms?: Stat;
  offeredRps?: Stat;
  achievedRps?: Stat;
  dispatchLagP99ms?: Stat;
  mismatches?: number;
  /** since session 10, the paced lines: what held the server's event loop during each run */
  serverStalls?: {
    loopDelayP99Ms: number;
    loopDelayMaxMs: number;
    gc: Record<string, { count: number; maxMs: number }>;
  }[];
}
/** the error count, and what the errors were when the artifact says (session 9) */
const errs = (x: Shot) => {
  const by = Object.entries(x.errorsBy ?? {});
  return by.length === 0 ? `${x.errors}` : `${x.errors} (${by.map(([k, n]) => `${k}: ${n}`).join('; ')})`;
};
interface HttpArtifact extends ArtifactHead {
  kind: 'http';
  settings: { runs: number; httpSeconds: number; connections: number; batchConnections: number; questions: number };
  startup: {
    modulesMs: number;
    listenMs: number;
    listenRssMb: number;
    firstAnswerMs: number;
    preloadDoneMs: number;
    preloadRssMb: number;
    preload: { persons?: number; enterprises?: number; skipped?: string };
    endRssMb: number;
  };
  /** helloBare: since session 9, a bare Fastify serving only hello-world (the issue's reference) */
  http: {
    helloBare?: Shot;
    hello: Shot;
    evaluation: Shot;
    /** since session 10: the bare Fastify paced alike (the generator and the machine alone) */
    helloBareAtHalf?: Shot;
    helloAtHalf?: Shot;
    evaluationAtHalf: Shot;
    batch100: Shot;
  };
  batchPerItemRatio: number;
  evaluationShareOfBareHello?: number;
  cpu: { evaluationShareOfHello: number; evaluationShareOfBareHello?: number; batchPerItemRatio: number };
  search: {
    firstPageP50ms: Stat;
    firstPageP99ms: Stat;
    allPagesP50ms: Stat;
    allPagesP99ms: Stat;
    /** since session 8: the first page right after an unrelated commit (no kept answer) */
    uncachedFirstPageP50ms?: Stat;
    uncachedCpuMsPerSearch?: Stat;
  };
  answers: { checked: number; mismatches: number };
}

const n = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en') : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const range = (s: Stat) => `${n(s.median)} (${n(s.min)}–${n(s.max)})`;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const times = (x: number) => `${x >= 10 ? Math.round(x) : x.toFixed(1)}×`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function load(dir: string) {
  return readdirSync(dir)
    .filter(
      (f) =>
        f.startsWith('http-') &&
        !f.startsWith('http-startup-') &&
        !f.startsWith('http-hooks-') &&
        f.endsWith('.json') &&
        !/-(prof|smoke)\.json$/.test(f),
    )
    .sort()
    .map((f) => ({ file: `bench/results/${f}`, a: JSON.parse(readFileSync(join(dir, f), 'utf8')) as HttpArtifact }));
}

/** the uncached first page, in artifacts that measured it (session 8 on) */
const uncached = (a: HttpArtifact) => {
  const u = a.search.uncachedFirstPageP50ms;
  const cpu = a.search.uncachedCpuMsPerSearch;
  return u && cpu
    ? `; uncached (the first page right after an unrelated commit) p50 **${n(u.median)} ms** (${n(u.min)}–${n(u.max)}), server CPU ${n(cpu.median)} ms per search`
    : '';
};

/** The half-load lines of the paced generator: rate asked and answered, p99.9, the generator's own lag */
function pacedNote(hello: Shot, ev: Shot): string {
  const line = (name: string, x: Shot) =>
    `${name}: offered ${n(x.offeredRps!.median)}/s, answered ${range(x.achievedRps!)}/s, p50 ${n(x.p50ms.median)} ms, p99 **${n(x.p99ms.median)} ms** (${n(x.p99ms.min)}–${n(x.p99ms.max)}), p99.9 ${n(x.p999ms!.median)} ms, the generator's timer late by p99 ${n(x.dispatchLagP99ms!.median)} ms`;
  return `Half load, evenly paced (open loop: sends at fixed intervals over 32 keep-alive connections, each latency from its scheduled send, medians of the runs): ${line('hello-world', hello)}; ${line('evaluation', ev)}, decisions compared ${ev.mismatches === 0 ? 'all equal' : `${ev.mismatches} mismatches`}.`;
}

/** what held the server's event loop during the paced lines (session 10), the worst run of each */
function stallsNote(h: HttpArtifact['http']): string {
  const worst = (x?: Shot) => {
    if (!x?.serverStalls) return undefined;
    const d = Math.max(...x.serverStalls.map((r) => r.loopDelayMaxMs));
    const p = Math.max(...x.serverStalls.map((r) => r.loopDelayP99Ms));
    const gcMax = Math.max(0, ...x.serverStalls.flatMap((r) => Object.values(r.gc).map((g) => g.maxMs)));
    const majors = x.serverStalls.reduce((a, r) => a + (r.gc.major?.count ?? 0), 0);
    return `loop delay p99 ${n(p)} ms, max ${n(d)} ms; longest GC pause ${n(gcMax)} ms, ${majors} major GC(s)`;
  };
  const parts = [
    ['bare hello-world', h.helloBareAtHalf],
    ['hello-world', h.helloAtHalf],
    ['evaluation', h.evaluationAtHalf],
  ] as const;
  return `What held the server's event loop while each paced line ran (worst of the runs; the loop's delay sampled every ms, GC pauses observed in the server process): ${parts
    .map(([name, x]) => (worst(x) ? `${name}: ${worst(x)}` : ''))
    .filter(Boolean)
    .join('; ')}.`;
}

function section({ file, a }: { file: string; a: HttpArtifact }): string {
  const h = a.http;
  const loads = a.loadAverage.samples.map((l) => l[0]!.toFixed(1)).join(', ');
  const st = a.startup;
  return [
    `#### HTTP ${a.label}: ${a.database}, scale ${a.scale} (${a.dataSet.enterprises.toLocaleString('en')} enterprises, ${a.dataSet.grants.toLocaleString('en')} grants)`,
    '',
    `Artifact \`${file}\`: ${a.when}, commit ${a.commit ?? '?'}${a.dirty ? ' (with uncommitted changes)' : ''}, Node ${a.machine.node}, ${a.machine.nproc} × ${a.machine.cpu ?? '?'}; 1-minute load average at each run's start: ${loads}. ${a.settings.runs} runs of ${a.settings.httpSeconds} s per line, ${a.settings.connections} connections (batch: ${a.settings.batchConnections}), ${a.settings.questions.toLocaleString('en')} distinct questions, 90% yes, subjects across the whole population. Server in its own process; "CPU µs/request" is the server process's CPU time (user + system, /proc) divided by the requests it answered.`,
    '',
    '| line | req/s median (min–max) | p50 ms | p99 ms | CPU µs/request (median) | errors |',
    '|---|---|---|---|---|---|',
    ...(h.helloBare
      ? [
          `| hello-world on a bare Fastify (the issue's reference) | ${range(h.helloBare.rps)} | ${n(h.helloBare.p50ms.median)} | ${n(h.helloBare.p99ms.median)} | ${n(h.helloBare.cpuUsPerReq.median)} | ${errs(h.helloBare)} |`,
        ]
      : []),
    `| Fastify hello-world route (same app, same hooks) | ${range(h.hello.rps)} | ${n(h.hello.p50ms.median)} | ${n(h.hello.p99ms.median)} | ${n(h.hello.cpuUsPerReq.median)} | ${errs(h.hello)} |`,
    `| \`POST /access/v1/evaluation\` | ${range(h.evaluation.rps)} | ${n(h.evaluation.p50ms.median)} | ${n(h.evaluation.p99ms.median)} | ${n(h.evaluation.cpuUsPerReq.median)} | ${errs(h.evaluation)} |`,
    ...(h.helloBareAtHalf
      ? [
          `| bare Fastify hello-world, paced alike (the generator and the machine alone) | ${range(h.helloBareAtHalf.rps)} | ${n(h.helloBareAtHalf.p50ms.median)} | ${n(h.helloBareAtHalf.p99ms.median)} | ${n(h.helloBareAtHalf.cpuUsPerReq.median)} | ${errs(h.helloBareAtHalf)} |`,
        ]
      : []),
    ...(h.helloAtHalf
      ? [
          `| hello-world, paced at the evaluation's half rate (the harness's own cost) | ${range(h.helloAtHalf.rps)} | ${n(h.helloAtHalf.p50ms.median)} | ${n(h.helloAtHalf.p99ms.median)} | ${n(h.helloAtHalf.cpuUsPerReq.median)} | ${errs(h.helloAtHalf)} |`,
        ]
      : []),
    `| evaluation at half its rate${h.evaluationAtHalf.generator ? ', paced' : ' (autocannon `overallRate`: bursts, see the text)'} | ${range(h.evaluationAtHalf.rps)} | ${n(h.evaluationAtHalf.p50ms.median)} | ${n(h.evaluationAtHalf.p99ms.median)} | ${n(h.evaluationAtHalf.cpuUsPerReq.median)} | ${errs(h.evaluationAtHalf)} |`,
    `| \`POST /access/v1/evaluations\`, 100 items per call | ${range(h.batch100.rps)} calls/s | ${n(h.batch100.p50ms.median)} | ${n(h.batch100.p99ms.median)} | ${n(h.batch100.cpuUsPerReq.median)} per call | ${errs(h.batch100)} |`,
    '',
    ...(h.evaluationAtHalf.generator && h.helloAtHalf ? [pacedNote(h.helloAtHalf, h.evaluationAtHalf), ''] : []),
    ...(h.evaluationAtHalf.serverStalls ? [stallsNote(h), ''] : []),
    `${a.cpu.evaluationShareOfBareHello ? `Evaluation / bare Fastify hello-world: **${pct(a.evaluationShareOfBareHello!)}** by req/s, **${pct(a.cpu.evaluationShareOfBareHello)}** by CPU per request (target ≥ 70%). ` : ''}Evaluation / hello-world of the same app: **${pct(h.evaluation.rps.median / h.hello.rps.median)}** by req/s, **${pct(a.cpu.evaluationShareOfHello)}** by CPU per request${a.cpu.evaluationShareOfBareHello ? '' : ' (target ≥ 70%)'}; p99 at half load **${n(h.evaluationAtHalf.p99ms.median)} ms** (target < 5 ms); batch items per second / single calls per second: **${times(a.batchPerItemRatio)}** by req/s, **${times(a.cpu.batchPerItemRatio)}** by CPU (target ≥ 20×). ` +
      `Resource search, a person acting for 5,000 clients: first page (100) p50 **${n(a.search.firstPageP50ms.median)} ms** (${n(a.search.firstPageP50ms.min)}–${n(a.search.firstPageP50ms.max)}), p99 ${n(a.search.firstPageP99ms.median)} ms; all 5,000 in pages of 1,000 p50 ${n(a.search.allPagesP50ms.median)} ms (target < 10 ms)${uncached(a)}. ` +
      `Answers checked against the expected decision: ${a.answers.checked}, mismatches ${a.answers.mismatches}.`,
    '',
    `Start-up of the server process (from its own start): modules ${s(st.modulesMs)}, listening ${s(st.listenMs)} (RSS ${st.listenRssMb} MB), first evaluation answered ${s(st.firstAnswerMs)}, index preload ${st.preload.skipped ? `skipped (${st.preload.skipped})` : `complete (${(st.preload.persons ?? 0).toLocaleString('en')} persons, ${(st.preload.enterprises ?? 0).toLocaleString('en')} enterprises)`} at ${s(st.preloadDoneMs)} (RSS ${st.preloadRssMb} MB); RSS after the runs ${st.endRssMb} MB.`,
  ].join('\n');
}

function beforeAfter(arts: { file: string; a: HttpArtifact }[]): string {
  const out: string[] = [];
  // "after" pairs with "before"; any later label L with "L-before" (as bench/report.ts does)
  const beforeOf = (label: string) => (label === 'after' ? 'before' : `${label}-before`);
  for (const after of arts.filter((x) => !x.a.label.endsWith('before'))) {
    const before = arts.find(
      (x) => x.a.label === beforeOf(after.a.label) && x.a.scale === after.a.scale && x.a.database === after.a.database,
    );
    if (!before) continue;
    const b = before.a;
    const a = after.a;
    out.push(`#### HTTP before and after: ${a.database}, scale ${a.scale}`);
    out.push('');
    out.push(
      `Before: \`${before.file}\` (commit ${b.commit}); after: \`${after.file}\` (commit ${a.commit}). Read the ratios: absolute figures depend on the machine's load (see each artifact's load average).`,
    );
    out.push('');
    out.push('| figure | before | after | target |');
    out.push('|---|---|---|---|');
    out.push(
      `| evaluation / hello-world, req/s | ${pct(b.http.evaluation.rps.median / b.http.hello.rps.median)} | ${pct(a.http.evaluation.rps.median / a.http.hello.rps.median)} | ≥ 70% |`,
    );
    out.push(
      `| evaluation / hello-world, CPU per request | ${pct(b.cpu.evaluationShareOfHello)} | ${pct(a.cpu.evaluationShareOfHello)} | ≥ 70% |`,
    );
    const bb = b.cpu.evaluationShareOfBareHello;
    const ab = a.cpu.evaluationShareOfBareHello;
    if (bb && ab) {
      out.push(
        `| evaluation / bare Fastify hello-world, req/s | ${pct(b.evaluationShareOfBareHello!)} | ${pct(a.evaluationShareOfBareHello!)} | ≥ 70% |`,
      );
      out.push(`| evaluation / bare Fastify hello-world, CPU per request | ${pct(bb)} | ${pct(ab)} | ≥ 70% |`);
      out.push(
        `| CPU µs per request: bare hello / btb hello / evaluation / batch of 100 | ${[b.http.helloBare!, b.http.hello, b.http.evaluation, b.http.batch100].map((x) => n(x.cpuUsPerReq.median)).join(' / ')} | ${[a.http.helloBare!, a.http.hello, a.http.evaluation, a.http.batch100].map((x) => n(x.cpuUsPerReq.median)).join(' / ')} | |`,
      );
    }
    out.push(
      `| p99 at half load | ${n(b.http.evaluationAtHalf.p99ms.median)} ms | ${n(a.http.evaluationAtHalf.p99ms.median)} ms | < 5 ms |`,
    );
    out.push(
      `| batch of 100, per item / single, req/s | ${times(b.batchPerItemRatio)} | ${times(a.batchPerItemRatio)} | ≥ 20× |`,
    );
    out.push(
      `| batch of 100, per item / single, CPU | ${times(b.cpu.batchPerItemRatio)} | ${times(a.cpu.batchPerItemRatio)} | ≥ 20× |`,
    );
    out.push(
      `| resource search, 5,000 clients, first page p50 | ${n(b.search.firstPageP50ms.median)} ms | ${n(a.search.firstPageP50ms.median)} ms | < 10 ms |`,
    );
    const ub = b.search.uncachedFirstPageP50ms;
    const ua = a.search.uncachedFirstPageP50ms;
    if (ub && ua) {
      out.push(`| resource search, uncached first page p50 | ${n(ub.median)} ms | ${n(ua.median)} ms | < 10 ms |`);
      out.push(
        `| resource search, uncached, server CPU per search | ${n(b.search.uncachedCpuMsPerSearch!.median)} ms | ${n(a.search.uncachedCpuMsPerSearch!.median)} ms | < 10 ms |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

interface StartupArtifact {
  label: string;
  when: string;
  commit: string | null;
  database: string;
  scale: number;
  dataSet: { enterprises: number; persons: number; grants: number };
  loadAverage: { samples: number[][] };
  startup: HttpArtifact['startup'];
  answers: { checked: number; mismatches: number };
}

/** Start-up at a given scale (BENCH_RUNS=0): one row per artifact. */
function startupTable(dir: string): string {
  const arts = readdirSync(dir)
    .filter((f) => f.startsWith('http-startup-') && f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `bench/results/${f}`, a: JSON.parse(readFileSync(join(dir, f), 'utf8')) as StartupArtifact }));
  if (arts.length === 0) return '';
  const out = [
    '#### Start-up at scale (`BENCH_RUNS=0 npm run bench:http`)',
    '',
    '| artifact | engine, data | load average | listening | first evaluation | index preload | RSS listening / preloaded / end | target |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const { file, a } of arts) {
    const st = a.startup;
    out.push(
      `| \`${file}\` (${a.label}, commit ${a.commit ?? '?'}) | ${a.database}, ${a.dataSet.enterprises.toLocaleString('en')} enterprises, ${a.dataSet.grants.toLocaleString('en')} grants | ${a.loadAverage.samples[0]![0]!.toFixed(1)} | ${s(st.listenMs)} | ${s(st.firstAnswerMs)} | ${st.preload.skipped ? `on demand (${st.preload.skipped})` : `${s(st.preloadDoneMs)}`} | ${st.listenRssMb} / ${st.preloadRssMb} / ${st.endRssMb} MB | < 10 s, < 1 GiB |`,
    );
  }
  out.push('');
  return out.join('\n');
}

interface HooksArtifact {
  label: string;
  when: string;
  commit: string | null;
  loadAverage: { samples: number[][] };
  settings: { runs: number; requestsPerShot: number };
  steps: { step: string; helloMedianUs: number; postMedianUs: number; helloCpuUs: number[]; postCpuUs: number[] }[];
}

/** What each of btb's installers adds to a request (bench/http-hooks.ts): one column pair per artifact. */
function hooksTable(dir: string): string {
  const arts = readdirSync(dir)
    .filter((f) => f.startsWith('http-hooks-') && f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `bench/results/${f}`, a: JSON.parse(readFileSync(join(dir, f), 'utf8')) as HooksArtifact }));
  if (arts.length === 0) return '';
  const us = (xs: number[], m: number) => `${n(m)} (${n(Math.min(...xs))}–${n(Math.max(...xs))})`;
  return [
    "#### What btb's hooks add to a request (`node bin/run-ts.mjs bench/http-hooks.ts`, through app.inject, CPU µs per request, median (min–max))",
    '',
    arts
      .map(
        ({ file, a }) =>
          `\`${file}\`: ${a.label}, commit ${a.commit ?? '?'}, ${a.settings.runs} interleaved runs of ${a.settings.requestsPerShot.toLocaleString('en')} requests, load average ${a.loadAverage.samples.map((l) => l[0]!.toFixed(1)).join(', ')}.`,
      )
      .join(' '),
    '',
    `| step | ${arts.map(({ a }) => `hello-world, ${a.label} | POST with a body, ${a.label}`).join(' | ')} |`,
    `|---|${arts.map(() => '---|---|').join('')}`,
    ...arts[0]!.a.steps.map(
      (st, i) =>
        `| ${st.step} | ${arts.map(({ a }) => `${us(a.steps[i]!.helloCpuUs, a.steps[i]!.helloMedianUs)} | ${us(a.steps[i]!.postCpuUs, a.steps[i]!.postMedianUs)}`).join(' | ')} |`,
    ),
    '',
  ].join('\n');
}

/** The generated text between <!-- http:begin --> and <!-- http:end --> in bench/README.md. */
export function httpTables(dir: string): string {
  const arts = load(dir);
  return [
    '<!-- http:begin -->',
    '<!-- generated by `npm run bench:report` from bench/results/http-*.json; do not edit by hand -->',
    '',
    beforeAfter(arts),
    hooksTable(dir),
    startupTable(dir),
    ...arts.map(section).flatMap((x) => [x, '']),
    '<!-- http:end -->',
  ].join('\n');
}
