/**
 * What were the "errors" of bench:http's evaluation line (session 9)? All of them autocannon
 * timeouts, while the server logged no answer slower than a second and no request given up on. A
 * plain node:http server in a child process, no btb: autocannon at 32 connections for 4 s, with
 * 9,769 distinct bodies given as its `requests` list (as bench:http did), and with one request
 * whose body is picked when it is sent (`setupRequest`, as bench:http does now). autocannon builds
 * every request of the list for every connection before the run starts, so on a loaded machine
 * the connections built first count a 10 s "timeout" before sending anything, and the run lasts
 * far longer than asked. Prints both with the load average; no threshold (for a reader, not a test).
 *
 *   node bench/autocannon-check.ts          knobs: QUESTIONS (9769), RUNS (2)
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

// @ts-expect-error autocannon ships no types; the fields used are documented in its README
const autocannon = ((await import('autocannon')) as { default: (o: object) => Promise<any> }).default;

const QUESTIONS = Number(process.env.QUESTIONS ?? '9769');
const RUNS = Number(process.env.RUNS ?? '2');

if (process.env.AUTOCANNON_CHECK_CHILD) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"decision":true}'));
  });
  server.listen(0, '127.0.0.1', () => process.send!(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
} else {
  const child = fork(fileURLToPath(import.meta.url), { env: { ...process.env, AUTOCANNON_CHECK_CHILD: '1' } });
  const url = await new Promise<string>((r) => child.once('message', (m) => r(String(m))));
  const headers = { 'content-type': 'application/json' };
  const bodies = Array.from({ length: QUESTIONS }, (_, i) =>
    JSON.stringify({ subject: { type: 'person', id: String(85_000_000_000 + i) }, action: { name: 'use' } }),
  );
  let k = 0;
  const ways: [string, object[]][] = [
    ['a list of every request', bodies.map((body) => ({ method: 'POST', path: '/', headers, body }))],
    [
      'one request, body picked at send',
      [
        {
          method: 'POST',
          path: '/',
          headers,
          setupRequest: (r: object) => ({ ...r, body: bodies[k++ % bodies.length] }),
        },
      ],
    ],
  ];
  for (let run = 0; run < RUNS; run++) {
    for (const [name, requests] of ways) {
      const load = loadavg()[0]!.toFixed(1);
      const t = performance.now();
      const res = await autocannon({ url, connections: 32, duration: 4, requests });
      const wall = ((performance.now() - t) / 1000).toFixed(1);
      console.log(
        `${name}: ${Math.round(res.requests.average)} req/s, timeouts ${res.timeouts}, other errors ${res.errors - res.timeouts}, non-2xx ${res.non2xx}, wall ${wall} s for a 4 s run, load ${load}`,
      );
    }
  }
  child.kill();
}
