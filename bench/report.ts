/**
 * `npm run bench:report`: writes the check-harness tables of bench/README.md from the JSON
 * artifacts of bench/compare.ts (bench/results/compare-*.json), between the markers
 * <!-- compare:begin --> and <!-- compare:end -->. Nothing in those tables is typed by hand: each
 * table names the artifact it comes from (issue 20).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactHead } from './artifact.ts';
import { goalsTable } from './report-goals.ts';
import { httpTables } from './report-http.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, 'results');

interface Stat {
  median: number;
  min: number;
  max: number;
}
interface SystemFigures {
  opsPerSec: Stat;
  /** checks per second of the process's CPU time (artifacts from 2026-12-03 on) */
  cpuOpsPerSec?: Stat;
  p50us: Stat;
  p99us: Stat;
  allowedShare: number;
}
interface Artifact extends ArtifactHead {
  kind: 'compare';
  settings: {
    runs: number;
    queriesPerMixAndRun: number;
    warmUp: number;
    latencySample: number;
    httpSeconds: number;
    httpConnections: number;
  };
  load: { btbStartMs: number; mapLoadMs: number; casbinLoadMs: number; grants: number };
  rssMb: number;
  inProcess: Record<string, { what: string; systems: Record<string, SystemFigures>; mismatches: { count: number } }>;
  revocation: Record<string, { checks: number; stillAllowed: number; p50us: number; max: number }>;
  http: Record<string, { rps?: Stat; p50ms?: Stat; p99ms?: Stat; errors?: number }> & { mismatches: number };
}

const files = readdirSync(dir)
  .filter((f) => f.startsWith('compare-') && f.endsWith('.json') && !/-(prof|smoke)\.json$/.test(f))
  .sort();
const arts = files.map((f) => ({
  file: `bench/results/${f}`,
  a: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Artifact,
}));

const n = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1));
const range = (s: Stat) => `${n(s.median)} (${n(s.min)}–${n(s.max)})`;
const ratio = (x: number) => `${x >= 10 ? Math.round(x) : x >= 0.1 ? x.toFixed(1) : x.toPrecision(1)}×`; // 0.04×, not 0.0×

function artifactSection({ file, a }: (typeof arts)[number]): string {
  const loads = a.loadAverage.samples.map((l) => l[0]!.toFixed(1));
  const out: string[] = [];
  out.push(
    `### ${a.label}: ${a.database}, scale ${a.scale} (${a.dataSet.enterprises.toLocaleString('en')} enterprises, ${a.dataSet.grants.toLocaleString('en')} grants)`,
  );
  out.push('');
  out.push(
    `Artifact \`${file}\`: ${a.when}, commit ${a.commit ?? '?'}${a.dirty ? ' (with uncommitted changes)' : ''}, Node ${a.machine.node}, ${a.machine.nproc} × ${a.machine.cpu ?? '?'}, ${a.machine.memGb} GB; ` +
      `1-minute load average at each run's start: ${loads.join(', ')}. ${a.settings.runs} runs, ${a.settings.queriesPerMixAndRun.toLocaleString('en')} queries per mix and run after ${a.settings.warmUp.toLocaleString('en')} warm-up queries (the same for every system), latency from ${a.settings.latencySample.toLocaleString('en')} more queries timed one by one. ` +
      `Loading: btb start-up (with its preload, when the code has one) ${n(a.load.btbStartMs)} ms, Map ${n(a.load.mapLoadMs)} ms, node-casbin ${n(a.load.casbinLoadMs)} ms (${a.load.grants.toLocaleString('en')} grants each); RSS at the end ${a.rssMb} MB (all three in one process).`,
  );
  out.push('');
  out.push(
    '| query mix | btb checks/s median (min–max) | btb p99 µs | node-casbin checks/s | casbin p99 µs | Map checks/s | Map p99 µs | btb / casbin | Map / btb | allowed | mismatches |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const m of Object.values(a.inProcess)) {
    const s = m.systems;
    const b = s.btb!;
    const c = s.casbin;
    const mp = s.map;
    out.push(
      `| ${m.what} | ${range(b.opsPerSec)} | ${n(b.p99us.median)} | ${c ? range(c.opsPerSec) : '—'} | ${c ? n(c.p99us.median) : '—'} | ${mp ? range(mp.opsPerSec) : '—'} | ${mp ? n(mp.p99us.median) : '—'} | ${c ? ratio(b.opsPerSec.median / c.opsPerSec.median) : '—'} | ${mp ? ratio(mp.opsPerSec.median / b.opsPerSec.median) : '—'} | ${Math.round(b.allowedShare * 100)}% | ${m.mismatches.count} |`,
    );
  }
  out.push('');
  const withCpu = Object.values(a.inProcess).filter((m) => m.systems.btb!.cpuOpsPerSec);
  if (withCpu.length > 0) {
    // per second of the process's CPU time: far less disturbed by the other processes of a shared machine
    out.push(
      '| query mix | btb checks per CPU-second | node-casbin per CPU-second | Map per CPU-second | btb / casbin (CPU) | Map / btb (CPU) | btb p50 µs |',
    );
    out.push('|---|---|---|---|---|---|---|');
    for (const m of withCpu) {
      const b = m.systems.btb!.cpuOpsPerSec!;
      const c = m.systems.casbin?.cpuOpsPerSec;
      const mp = m.systems.map?.cpuOpsPerSec;
      out.push(
        `| ${m.what} | ${range(b)} | ${c ? range(c) : '—'} | ${mp ? range(mp) : '—'} | ${c ? ratio(b.median / c.median) : '—'} | ${mp ? ratio(mp.median / b.median) : '—'} | ${n(m.systems.btb!.p50us.median)} |`,
      );
    }
    out.push('');
  }
  const ab = Object.values(a.inProcess).filter((m) => m.systems['btb-no-use']);
  if (ab.length > 0) {
    // issue 17: the grant-use recorder's cost, btb with it against the same checker without it
    out.push(
      '| query mix | btb checks/s | btb without the use recorder | with / without (wall) | btb checks per CPU-second | without, per CPU-second | with / without (CPU) |',
    );
    out.push('|---|---|---|---|---|---|---|');
    for (const m of ab) {
      const b = m.systems.btb!;
      const o = m.systems['btb-no-use']!;
      const cpu = b.cpuOpsPerSec && o.cpuOpsPerSec;
      out.push(
        `| ${m.what} | ${range(b.opsPerSec)} | ${range(o.opsPerSec)} | ${(b.opsPerSec.median / o.opsPerSec.median).toFixed(2)} | ${cpu ? range(b.cpuOpsPerSec!) : '—'} | ${cpu ? range(o.cpuOpsPerSec!) : '—'} | ${cpu ? (b.cpuOpsPerSec!.median / o.cpuOpsPerSec!.median).toFixed(2) : '—'} |`,
      );
    }
    out.push('');
  }
  const rv = Object.entries(a.revocation)
    .map(([k, v]) => `${k} ${v.stillAllowed} of ${v.checks} still allowed (p50 ${n(v.p50us)} µs)`)
    .join('; ');
  out.push(`Checks right after a revocation (each system revokes the grant its own way, then checks at once): ${rv}.`);
  const h = a.http;
  if (h.hello?.rps?.median !== undefined) {
    const perItem = (h.batch100!.rps!.median * 100) / h.evaluation!.rps!.median;
    out.push('');
    out.push(
      `| HTTP (autocannon, ${a.settings.httpConnections} connections, ${a.settings.httpSeconds} s per run, same process) | req/s median (min–max) | p50 ms | p99 ms | errors |`,
    );
    out.push('|---|---|---|---|---|');
    out.push(
      `| Fastify hello-world route (same app, same hooks) | ${range(h.hello.rps)} | ${n(h.hello.p50ms!.median)} | ${n(h.hello.p99ms!.median)} | ${h.hello.errors} |`,
    );
    out.push(
      `| \`POST /access/v1/evaluation\`, 1,000 distinct questions of the 90% allow mix | ${range(h.evaluation!.rps!)} | ${n(h.evaluation!.p50ms!.median)} | ${n(h.evaluation!.p99ms!.median)} | ${h.evaluation!.errors} |`,
    );
    out.push(
      `| evaluation at half its rate | ${range(h.evaluationAtHalf!.rps!)} | ${n(h.evaluationAtHalf!.p50ms!.median)} | ${n(h.evaluationAtHalf!.p99ms!.median)} | ${h.evaluationAtHalf!.errors} |`,
    );
    out.push(
      `| \`POST /access/v1/evaluations\`, 100 items per call (8 connections) | ${range(h.batch100!.rps!)} calls/s | ${n(h.batch100!.p50ms!.median)} | ${n(h.batch100!.p99ms!.median)} | ${h.batch100!.errors} |`,
    );
    out.push('');
    out.push(
      `Evaluation / hello-world: **${Math.round((h.evaluation!.rps!.median / h.hello.rps.median) * 100)}%** (target ≥ 70%); p99 at half load **${n(h.evaluationAtHalf!.p99ms!.median)} ms** (target < 5 ms); batch items per second / single calls per second: **${ratio(perItem)}** (target ≥ 20×); HTTP answers that disagreed with the Map: ${h.mismatches}.`,
    );
  }
  return out.join('\n');
}

/** Throughput ratios within one run's query mix: btb / casbin and Map / btb ('—' where that peer was not run). */
const peerRatios = (x?: Artifact['inProcess'][string]) => ({
  bc: x?.systems.casbin ? ratio(x.systems.btb!.opsPerSec.median / x.systems.casbin.opsPerSec.median) : '—',
  mb: x?.systems.map ? ratio(x.systems.map.opsPerSec.median / x.systems.btb!.opsPerSec.median) : '—',
});

function beforeAfter(): string {
  const out: string[] = [];
  // pairs: "before" → "after" (the first session), and any label L with "L-before" (later ones,
  // newest first), measured in the same conditions
  const beforeOf = (label: string) => (label === 'after' ? 'before' : `${label}-before`);
  const pairs = arts.filter((x) => !x.a.label.endsWith('before')).reverse();
  for (const after of pairs) {
    const before = arts.find(
      (x) => x.a.label === beforeOf(after.a.label) && x.a.scale === after.a.scale && x.a.database === after.a.database,
    );
    if (!before) continue;
    out.push(`### Before and after (${after.a.label}): ${after.a.database}, scale ${after.a.scale}`);
    out.push('');
    out.push(
      `Before: \`${before.file}\` (commit ${before.a.commit}); after: \`${after.file}\` (commit ${after.a.commit}). Ratios are within one run; absolute figures across runs depend on the machine's load.`,
    );
    out.push('');
    out.push(
      '| query mix | btb before | btb after | btb / casbin before → after | Map / btb before → after | btb p99 µs before → after |',
    );
    out.push('|---|---|---|---|---|---|');
    for (const [mix, m] of Object.entries(after.a.inProcess)) {
      const b0 = before.a.inProcess[mix];
      if (!b0) continue;
      const [r0, r1] = [peerRatios(b0), peerRatios(m)];
      out.push(
        `| ${m.what} | ${n(b0.systems.btb!.opsPerSec.median)}/s | ${n(m.systems.btb!.opsPerSec.median)}/s | ${r0.bc} → ${r1.bc} | ${r0.mb} → ${r1.mb} | ${n(b0.systems.btb!.p99us.median)} → ${n(m.systems.btb!.p99us.median)} |`,
      );
    }
    const cpuMixes = Object.entries(after.a.inProcess).filter(
      ([mix, m]) => m.systems.btb!.cpuOpsPerSec && before.a.inProcess[mix]?.systems.btb?.cpuOpsPerSec,
    );
    if (cpuMixes.length > 0) {
      out.push('');
      out.push(
        '| query mix (per CPU-second) | btb before | btb after | btb / casbin before → after | Map / btb before → after | btb p50 µs before → after |',
      );
      out.push('|---|---|---|---|---|---|');
      for (const [mix, m] of cpuMixes) {
        const b0 = before.a.inProcess[mix]!;
        const cpu = (x: SystemFigures | undefined) => x?.cpuOpsPerSec?.median;
        const r = (x: Artifact['inProcess'][string]) => {
          const b = cpu(x.systems.btb)!;
          const c = cpu(x.systems.casbin);
          const mp = cpu(x.systems.map);
          return `${c ? ratio(b / c) : '—'}|${mp ? ratio(mp / b) : '—'}`;
        };
        const [bc0, mb0] = r(b0).split('|');
        const [bc1, mb1] = r(m).split('|');
        out.push(
          `| ${m.what} | ${n(cpu(b0.systems.btb)!)}/s | ${n(cpu(m.systems.btb)!)}/s | ${bc0} → ${bc1} | ${mb0} → ${mb1} | ${n(b0.systems.btb!.p50us.median)} → ${n(m.systems.btb!.p50us.median)} |`,
        );
      }
    }
    const hb = before.a.http;
    const ha = after.a.http;
    if (hb.hello?.rps?.median !== undefined && ha.hello?.rps?.median !== undefined) {
      const pct = (h: Artifact['http']) => `${Math.round((h.evaluation!.rps!.median / h.hello!.rps!.median) * 100)}%`;
      out.push(
        `| HTTP evaluation / hello-world | | | ${pct(hb)} → ${pct(ha)} | | p99 at half load ${n(hb.evaluationAtHalf!.p99ms!.median)} → ${n(ha.evaluationAtHalf!.p99ms!.median)} ms |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * The two engines side by side at one scale: the newest artifact of each engine at the scale that
 * measured every query mix (different runs, so the load average of each is given; per CPU-second where both have it).
 */
function enginesSideBySide(): string {
  const out: string[] = [];
  const scales = [...new Set(arts.map((x) => x.a.scale))].sort((a, b) => b - a);
  for (const scale of scales) {
    const newest = (engine: string) =>
      arts
        // an A/B of a few mixes (BENCH_MIXES) does not stand for the engine: the newest with every mix
        .filter(
          (x) =>
            x.a.scale === scale &&
            x.a.database === engine &&
            !x.a.label.includes('before') &&
            Object.keys(x.a.inProcess).length >= 6,
        )
        .sort((x, y) => x.a.when.localeCompare(y.a.when))
        .at(-1);
    const sq = newest('sqlite');
    const pg = newest('postgres');
    if (!sq || !pg) continue;
    const load = (a: Artifact) => {
      const l = a.loadAverage.samples.map((x) => x[0]!);
      return `${n(Math.min(...l))}–${n(Math.max(...l))}`;
    };
    const gen = (a: Artifact & { generatedInS?: number | null }) =>
      a.generatedInS ? `data set generated in ${Math.round(a.generatedInS)} s` : 'generation time not recorded';
    out.push(`### SQLite and PostgreSQL side by side: scale ${scale}`);
    out.push('');
    out.push(
      `SQLite: \`${sq.file}\` (${sq.a.when.slice(0, 10)}, commit ${sq.a.commit}, Node ${sq.a.machine.node}, load average ${load(sq.a)}, ${gen(sq.a)}); ` +
        `PostgreSQL: \`${pg.file}\` (${pg.a.when.slice(0, 10)}, commit ${pg.a.commit}, Node ${pg.a.machine.node}, load average ${load(pg.a)}, ${gen(pg.a)}). ` +
        'Two runs at different times: compare the ratios within each engine, and the CPU-second rates (less disturbed by the shared machine) where both have them.',
    );
    out.push('');
    out.push(
      '| query mix | btb checks/s SQLite | btb checks/s PostgreSQL | per CPU-second SQLite | per CPU-second PostgreSQL | btb p50 / p99 µs SQLite | btb p50 / p99 µs PostgreSQL | btb / casbin SQLite → PostgreSQL | Map / btb SQLite → PostgreSQL |',
    );
    out.push('|---|---|---|---|---|---|---|---|---|');
    for (const [mix, m] of Object.entries(pg.a.inProcess)) {
      const s0 = sq.a.inProcess[mix];
      const b1 = m.systems.btb!;
      const b0 = s0?.systems.btb;
      const lat = (b?: SystemFigures) => (b ? `${n(b.p50us.median)} / ${n(b.p99us.median)}` : '—');
      const [r0, r1] = [peerRatios(s0), peerRatios(m)];
      out.push(
        `| ${m.what} | ${b0 ? n(b0.opsPerSec.median) : '—'} | ${n(b1.opsPerSec.median)} | ${b0?.cpuOpsPerSec ? n(b0.cpuOpsPerSec.median) : '—'} | ${b1.cpuOpsPerSec ? n(b1.cpuOpsPerSec.median) : '—'} | ${lat(b0)} | ${lat(b1)} | ${r0.bc} → ${r1.bc} | ${r0.mb} → ${r1.mb} |`,
      );
    }
    out.push(
      `| btb start-up (its preload), ms | ${n(sq.a.load.btbStartMs)} | ${n(pg.a.load.btbStartMs)} | | | | | | |`,
    );
    out.push(`| RSS at the end, MB (btb, Map and casbin in one process) | ${sq.a.rssMb} | ${pg.a.rssMb} | | | | | | |`);
    out.push('');
  }
  return out.join('\n');
}

/** bench/index-preload.ts: the check index's start-up preload alone (issue 20: < 10 s, RSS < 1 GiB at scale 1) */
function indexPreloads(): string {
  const found = readdirSync(dir)
    .filter((f) => f.startsWith('index-preload-') && f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `bench/results/${f}`, a: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
  if (found.length === 0) return '';
  const out = [
    "### The check index's preload alone (`bench/index-preload.ts`)",
    '',
    'Start-up has two ends (since session 9): the first check answered while the preload runs in the background (answered on demand meanwhile), and the preload complete (wall s). RSS after is after a full GC; "before GC" just before it. Parts: s at the end of grants / statuses / appointments.',
    '',
    '| artifact | commit | engine, scale | load average | first answer ms (longest wait ms) | wall s | CPU s | parts s | RSS before → after (before GC) MB | V8 heap after MB | typed arrays MB | then: µs per person asked | database reads |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const s = (ms: number | undefined) => (ms === undefined ? '?' : (ms / 1000).toFixed(1));
  for (const { file, a } of found) {
    const d = a.duringPreload;
    const p = a.preload.phases;
    out.push(
      `| \`${file}\` | ${a.commit ?? '?'} | ${a.database}, ${a.scale} | ${a.loadAverage.toFixed(1)} | ${d ? `${d.firstAnswerMs} (${d.waitMsMax})` : ''} | ${(a.wallMs / 1000).toFixed(1)} | ${(a.cpuMs / 1000).toFixed(1)} | ${p ? `${s(p.grants)} / ${s(p.statuses)} / ${s(p.appointments)}` : ''} | ${a.memoryBefore.rssMb} → ${a.memoryAfter.rssMb}${a.rssAfterBeforeGcMb ? ` (${a.rssAfterBeforeGcMb})` : ''} | ${a.memoryAfter.heapUsedMb} | ${a.memoryAfter.arrayBuffersMb} | ${a.probes.usEach.toFixed(1)} (${a.probes.persons.toLocaleString('en')} persons) | ${a.probes.databaseReads.toLocaleString('en')} |`,
    );
  }
  out.push('');
  return out.join('\n');
}

const generated = [
  '<!-- compare:begin -->',
  '<!-- generated by `npm run bench:report` from bench/results/compare-*.json; do not edit by hand -->',
  '',
  enginesSideBySide(),
  indexPreloads(),
  beforeAfter(),
  ...arts.map(artifactSection).flatMap((s) => [s, '']),
  '<!-- compare:end -->',
].join('\n');
const readme = join(here, 'README.md');
const text = readFileSync(readme, 'utf8');
const begin = text.indexOf('<!-- compare:begin -->');
const end = text.indexOf('<!-- compare:end -->');
if (begin < 0 || end < 0)
  throw new Error('bench/README.md lacks the <!-- compare:begin --> / <!-- compare:end --> markers');
let next = `${text.slice(0, begin)}${generated}${text.slice(end + '<!-- compare:end -->'.length)}`;
// The HTTP tables of bench/http.ts (bench/report-http.ts), between their own markers.
const hb = next.indexOf('<!-- http:begin -->');
const he = next.indexOf('<!-- http:end -->');
if (hb >= 0 && he >= 0) next = `${next.slice(0, hb)}${httpTables(dir)}${next.slice(he + '<!-- http:end -->'.length)}`;
// Issue 20's goals against the newest figures (bench/report-goals.ts), at the top of the file.
const gb = next.indexOf('<!-- goals:begin -->');
const ge = next.indexOf('<!-- goals:end -->');
if (gb < 0 || ge < 0) throw new Error('bench/README.md lacks the <!-- goals:begin --> / <!-- goals:end --> markers');
next = `${next.slice(0, gb)}${goalsTable(dir)}${next.slice(ge + '<!-- goals:end -->'.length)}`;
writeFileSync(readme, next);
console.log(`bench/README.md: ${arts.length} artifact(s) → tables`);
