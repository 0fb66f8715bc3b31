/**
 * `npm run bench`: each benchmark in a fresh process (its start-up time and RSS are its own), with
 * a heap large enough for node-casbin to try the full data set. BENCH_SCALE scales the data set
 * (1 = 1M enterprises, 3M persons, 5M grants); BENCH_ONLY=check or BENCH_ONLY=mandates runs one benchmark.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// mandates: one accountant's employee acting for 5,000 clients through mandates (issue 9).
const benches: Record<string, string> = { check: 'check.ts', mandates: 'mandates.ts' };
const only = process.env.BENCH_ONLY;
for (const [name, file] of Object.entries(benches)) {
  if (only && only !== name) continue;
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=8192', join(here, '..', 'bin', 'run-ts.mjs'), join(here, file)],
    { stdio: 'inherit', env: process.env },
  );
  if (r.status !== 0) {
    console.error(`bench ${name} failed (${r.status ?? r.signal})`);
    process.exitCode = 1;
  }
}
