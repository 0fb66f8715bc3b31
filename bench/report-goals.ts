/**
 * Issue 20's goals against the newest figures: one table, generated from the artifacts by
 * `npm run bench:report` (bench/report.ts) between <!-- goals:begin --> and <!-- goals:end -->.
 * For each engine and scale it takes the newest artifact that is not a "before" (and, for the
 * in-process harness, that measured every query mix), so a sceptic sees at once which goal is met
 * where, on which run, at which load average, and can open the artifact.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Stat {
  median: number;
  min: number;
  max: number;
}
// Only the fields read here; each harness's own report types the rest.
interface Head {
  label: string;
  when: string;
  commit: string | null;
  database: string;
  scale: number;
  loadAverage: { samples: number[][] } | number;
}
interface Compare extends Head {
  inProcess: Record<
    string,
    { what: string; systems: Record<string, { opsPerSec: Stat; cpuOpsPerSec?: Stat; p99us: Stat }> }
  >;
  revocation: Record<string, { checks: number; stillAllowed: number }>;
}
interface Http extends Head {
  http: Record<string, { rps: Stat; p99ms: Stat; cpuUsPerReq: Stat }>;
  search: { uncachedFirstPageP50ms: Stat; firstPageP50ms: Stat; uncachedCpuMsPerSearch?: Stat };
}
interface Preload extends Head {
  wallMs: number;
  cpuMs: number;
  duringPreload?: { firstAnswerMs: number };
  memoryAfter: { rssMb: number };
}
interface Found<T> {
  file: string;
  a: T;
}

const read = <T>(dir: string, prefix: string): Found<T>[] =>
  readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json') && !/-(prof|smoke)\.json$/.test(f))
    .map((f) => ({ file: `bench/results/${f}`, a: JSON.parse(readFileSync(join(dir, f), 'utf8')) as T }));

/** the newest artifact per engine and scale, "before" labels left out */
function newest<T extends Head>(all: Found<T>[], keep: (a: T) => boolean = () => true): Map<string, Found<T>> {
  const out = new Map<string, Found<T>>();
  for (const x of all
    .filter((x) => !x.a.label.includes('before') && keep(x.a))
    .sort((p, q) => p.a.when.localeCompare(q.a.when)))
    out.set(`${x.a.database} ${x.a.scale}`, x);
  return out;
}

const load = (a: Head) => {
  if (typeof a.loadAverage === 'number') return a.loadAverage.toFixed(1);
  const l = a.loadAverage.samples.map((x) => x[0]!);
  const [lo, hi] = [Math.min(...l), Math.max(...l)];
  return lo === hi ? lo.toFixed(1) : `${lo.toFixed(1)}–${hi.toFixed(1)}`;
};
const num = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en') : x >= 10 ? x.toFixed(0) : x.toFixed(1));
const times = (x: number) => `${x >= 10 ? Math.round(x) : x.toFixed(1)}×`;

type Cell = { text: string; ok: boolean } | undefined;
const cell = (text: string, ok: boolean): Cell => ({ text, ok });

export function goalsTable(dir: string): string {
  const compares = newest(read<Compare>(dir, 'compare-'), (a) => Object.keys(a.inProcess).length >= 6);
  const https = newest(read<Http>(dir, 'http-sqlite-').concat(read<Http>(dir, 'http-postgres-')), (a) => !!a.search);
  const preloads = newest(read<Preload>(dir, 'index-preload-'));
  const cols = [...new Set([...compares.keys(), ...https.keys(), ...preloads.keys()])].sort();
  // rows in order of first appearance: [goal, target] → one cell per column
  const rows = new Map<string, { goal: string; target: string; cells: Map<string, Cell> }>();
  const put = (goal: string, target: string, col: string, c: Cell) => {
    const key = `${goal}\u0000${target}`;
    if (!rows.has(key)) rows.set(key, { goal, target, cells: new Map() });
    rows.get(key)!.cells.set(col, c);
  };
  // the in-process rows of one query mix together (Map, casbin, p99), in the harness's order of mixes
  for (const c of compares.values())
    for (const m of Object.values(c.a.inProcess))
      for (const [goal, target] of [
        [`in-process, Map ÷ btb: ${m.what}`, '≤ 3×'],
        [`in-process, btb ÷ node-casbin: ${m.what}`, '≥ 50×'],
        [`in-process, btb p99: ${m.what}`, '≤ 20 µs'],
        [`in-process, the ceiling: Map ÷ node-casbin: ${m.what}`, 'for reference'],
      ] as const)
        if (!rows.has(`${goal}\u0000${target}`)) rows.set(`${goal}\u0000${target}`, { goal, target, cells: new Map() });
  const sources: string[] = [];
  const src = (col: string, what: string, f: Found<Head>) =>
    sources.push(
      `- ${col}, ${what}: \`${f.file}\` (${f.a.when.slice(0, 16).replace('T', ' ')} UTC, commit ${f.a.commit ?? '?'}, load average ${load(f.a)})`,
    );
  const cpu = (s?: { cpuOpsPerSec?: Stat }) => s?.cpuOpsPerSec?.median;
  // per CPU-second where the artifact has it (steadier on a shared machine), else per wall second
  const rate = (s: { opsPerSec: Stat; cpuOpsPerSec?: Stat }) => cpu(s) ?? s.opsPerSec.median;
  for (const col of cols) {
    const c = compares.get(col);
    if (c) {
      src(col, 'in-process', c);
      for (const m of Object.values(c.a.inProcess)) {
        const b = m.systems.btb!;
        const { map, casbin } = m.systems;
        if (map)
          put(
            `in-process, Map ÷ btb: ${m.what}`,
            '≤ 3×',
            col,
            cell(times(rate(map) / rate(b)), rate(map) / rate(b) <= 3),
          );
        if (casbin)
          put(
            `in-process, btb ÷ node-casbin: ${m.what}`,
            '≥ 50×',
            col,
            cell(times(rate(b) / rate(casbin)), rate(b) / rate(casbin) >= 50),
          );
        put(`in-process, btb p99: ${m.what}`, '≤ 20 µs', col, cell(`${num(b.p99us.median)} µs`, b.p99us.median <= 20));
        // no checker beats a plain Map lookup on the same data: its ratio to casbin is the ceiling of btb's
        if (map && casbin)
          put(
            `in-process, the ceiling: Map ÷ node-casbin: ${m.what}`,
            'for reference',
            col,
            cell(times(rate(map) / rate(casbin)), false),
          );
      }
      const rv = c.a.revocation.btb;
      if (rv)
        put(
          'a grant revoked, then checked at once',
          'always "no"',
          col,
          cell(`${rv.stillAllowed} of ${rv.checks} allowed`, rv.stillAllowed === 0),
        );
    }
    const h = https.get(col);
    if (h) {
      src(col, 'HTTP', h);
      const x = h.a.http;
      const ev = x.evaluation!;
      for (const [ref, name] of [
        ['hello', "btb's own hello-world route (same app and global hooks)"],
        ['helloBare', 'a bare Fastify hello-world'],
      ] as const) {
        const hw = x[ref];
        if (!hw) continue;
        const byRate = ev.rps.median / hw.rps.median;
        const byCpu = hw.cpuUsPerReq.median / ev.cpuUsPerReq.median;
        put(
          `HTTP evaluation ÷ ${name}, req/s (by CPU per request)`,
          '≥ 70%',
          col,
          cell(`${Math.round(byRate * 100)}% (${Math.round(byCpu * 100)}%)`, byRate >= 0.7),
        );
      }
      const half = x.evaluationAtHalf;
      if (half) {
        // the controls, paced alike: btb's hello-world, and a bare Fastify (the generator and the machine alone)
        const ctl = [x.helloAtHalf, x.helloBareAtHalf].map((c) => (c ? `${num(c.p99ms.median)} ms` : '—'));
        put(
          "HTTP evaluation p99 at half of peak load (btb's hello-world; a bare Fastify, paced alike)",
          '< 5 ms',
          col,
          cell(`${num(half.p99ms.median)} ms (${ctl.join('; ')})`, half.p99ms.median < 5),
        );
      }
      const batch = x.batch100;
      if (batch) {
        const rr = (batch.rps.median * 100) / ev.rps.median;
        const r = (ev.cpuUsPerReq.median * 100) / batch.cpuUsPerReq.median;
        put(
          'HTTP batch of 100: items/s ÷ single calls/s (by CPU)',
          '≥ 20×',
          col,
          cell(`${times(rr)} (${times(r)})`, rr >= 20),
        );
      }
      const s = h.a.search;
      put(
        'resource search, 5,000 clients: first page p50, nothing kept (server CPU per search)',
        '< 10 ms',
        col,
        cell(
          `${num(s.uncachedFirstPageP50ms.median)} ms${s.uncachedCpuMsPerSearch ? ` (${num(s.uncachedCpuMsPerSearch.median)} ms)` : ''}`,
          s.uncachedFirstPageP50ms.median < 10,
        ),
      );
      put(
        'resource search, 5,000 clients: first page p50, answer kept',
        '< 10 ms',
        col,
        cell(`${num(s.firstPageP50ms.median)} ms`, s.firstPageP50ms.median < 10),
      );
    }
    const p = preloads.get(col);
    if (p) {
      src(col, 'preload', p);
      const first = p.a.duringPreload
        ? ` (first check answered at ${(p.a.duringPreload.firstAnswerMs / 1000).toFixed(1)} s)`
        : '';
      put(
        "start-up: the check index's preload complete, wall (CPU)",
        '< 10 s',
        col,
        cell(`${(p.a.wallMs / 1000).toFixed(1)} s (${(p.a.cpuMs / 1000).toFixed(1)} s)${first}`, p.a.wallMs < 10_000),
      );
      put(
        'RSS after the preload and a full GC',
        '< 1 GiB',
        col,
        cell(`${p.a.memoryAfter.rssMb} MB`, p.a.memoryAfter.rssMb < 1024),
      );
    }
  }
  const out: string[] = [
    '<!-- goals:begin -->',
    '<!-- generated by `npm run bench:report` (bench/report-goals.ts) from the newest artifacts; do not edit by hand -->',
    '',
    `| goal (issue 20) | target | ${cols.join(' | ')} |`,
    `|---|---|${cols.map(() => '---').join('|')}|`,
  ];
  const sorted = [...rows.values()].filter((r) => r.cells.size > 0);
  for (const { goal, target, cells } of sorted)
    out.push(
      `| ${goal} | ${target} | ${cols
        .map((col) => {
          const c = cells.get(col);
          return c ? `${c.ok ? '**' : ''}${c.text}${c.ok ? '** ✓' : ''}` : '—';
        })
        .join(' | ')} |`,
    );
  out.push(
    '',
    'In bold with ✓: the target is met in that artifact. Where each column comes from:',
    '',
    ...sources,
    '',
    '<!-- goals:end -->',
  );
  return out.join('\n');
}
