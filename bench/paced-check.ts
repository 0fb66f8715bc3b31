/**
 * Does bench/paced.ts count a stalled server (coordinated omission)? A server in a child process
 * answers at once, except that, once told to, it blocks its event loop for STALL_MS out of every
 * 1,000 ms. Requests are scheduled evenly, so a fraction STALL_MS / 1000 of them falls into a stall
 * and waits for its end: their latency from the scheduled send spreads over 0..STALL_MS. Expected,
 * roughly: p99 ≈ STALL_MS × (1 − 0.01 / (STALL_MS / 1000)), p99.9 ≈ STALL_MS. A generator that
 * timed from the actual send, or stopped sending during the stall, would report about the calm
 * line's p99. Prints both with the load average; no threshold (for a reader, not a test).
 *
 *   node bench/paced-check.ts          knobs: STALL_MS (100), RATE (1000), SECONDS (5)
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type PacedShot, paced } from './paced.ts';

const STALL_MS = Number(process.env.STALL_MS ?? '100');
const RATE = Number(process.env.RATE ?? '1000');
const SECONDS = Number(process.env.SECONDS ?? '5');

if (process.env.PACED_CHECK_CHILD) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"decision":true}'));
  });
  server.listen(0, '127.0.0.1', () => process.send!(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  process.on('message', (m) => {
    if (m !== 'stall') return;
    setInterval(() => {
      const until = performance.now() + STALL_MS;
      while (performance.now() < until) {
        // the event loop is stuck: nothing is read or answered
      }
    }, 1000);
  });
} else {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, PACED_CHECK_CHILD: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const base = await new Promise<string>((r) => child.once('message', (m) => r(String(m))));
  const run = () =>
    paced({ base, path: '/', rate: RATE, seconds: SECONDS, connections: 32, bodies: [{ body: '{}', allow: true }] });
  const line = (name: string, x: PacedShot) =>
    `${name}: offered ${x.offeredRps}/s, answered ${x.achievedRps.toFixed(0)}/s, p50 ${x.p50.toFixed(2)} ms, p99 ${x.p99.toFixed(1)} ms, p99.9 ${x.p999.toFixed(1)} ms, timer late p99 ${x.dispatchLagP99.toFixed(1)} ms, errors ${x.errors}, decisions differing ${x.mismatches}`;
  const calm = await run();
  child.send('stall');
  const stalled = await run();
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(line('no stall', calm));
  console.log(line(`stalled ${STALL_MS} ms of every 1,000`, stalled));
  console.log(
    `expected with the stall: p99 ≈ ${(STALL_MS * (1 - 0.01 / (STALL_MS / 1000))).toFixed(0)} ms, p99.9 ≈ ${STALL_MS} ms`,
  );
  child.kill();
}
