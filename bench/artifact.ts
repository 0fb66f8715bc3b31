/**
 * What the benchmarks that compare btb with others (compare.ts, http.ts, check.ts) share: the
 * machine and load an artifact records, the head of an artifact as the reports read it, and the
 * casbin model btb is compared with.
 */
import { cpus, totalmem } from 'node:os';
import { newModelFromString } from 'casbin';

/** The machine an artifact was measured on. */
export const machine = () => ({
  nproc: cpus().length,
  cpu: cpus()[0]?.model,
  memGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: process.platform,
});

/** The load averages (os.loadavg()) taken at the start of each run, as an artifact keeps them. */
export const loadSamples = (loads: number[][]) => ({
  samples: loads.map((l) => l.map((x) => Number(x.toFixed(2)))),
  note: '1/5/15-minute load averages at the start of each run',
});

/** The fields every compare and http artifact starts with (bench/report.ts, bench/report-http.ts). */
export interface ArtifactHead {
  label: string;
  when: string;
  commit: string | null;
  dirty: boolean;
  machine: { nproc: number; cpu?: string; memGb: number; node: string };
  loadAverage: { samples: number[][] };
  database: string;
  scale: number;
  dataSet: { enterprises: number; persons: number; grants: number };
}

/** node-casbin's RBAC with domains: a role in a domain (the enterprise) holds an object and action. */
export const casbinRbacWithDomains = () =>
  newModelFromString(`
[request_definition]
r = sub, dom, obj, act
[policy_definition]
p = sub, obj, act
[role_definition]
g = _, _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub, r.dom) && r.obj == p.obj && r.act == p.act
`);
