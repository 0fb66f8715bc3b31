/**
 * The evenly paced, open-loop load generator of bench/http.ts (issue 20's "p99 at half of peak
 * load"), in a module of its own so that bench/paced-check.ts can show it counts a stalled server.
 */
import { connect, type Socket } from 'node:net';

/** A line of the evenly paced, open-loop generator (the half-load line and its hello-world control) */
export interface PacedShot {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** the errors by cause: `status 503`, `closed` */
  errorsBy: Record<string, number>;
  /** server CPU per request when a `cpuMs` reader is given, else NaN */
  cpuUsPerReq: number;
  generator: 'paced';
  p999: number;
  /** the rate asked for, and the rate answered: requests completed / (last completion − first scheduled send) */
  offeredRps: number;
  achievedRps: number;
  /** how late the generator's timer fired (actual − scheduled send, before any wait for a free socket), p99: the harness's own share */
  dispatchLagP99: number;
  /** answers whose decision differs from the expected one (evaluation line only) */
  mismatches: number;
}
/**
 * Open-loop load at a fixed rate: request k is scheduled at start + k / rate and written as soon as
 * the timer fires at or after that instant, on the first idle one of `connections` keep-alive
 * sockets (one request in flight per socket; with all busy it waits in a FIFO); its latency runs
 * from its *scheduled* send time to the end of the answer, so a queue anywhere (the generator's late
 * timer, busy sockets, the server) is counted, not hidden (coordinated omission). autocannon's
 * `overallRate` sends each connection's quota for the second in a burst at the second's start and
 * corrects latency as if requests were 1 ms apart, so the queue it measured was its own.
 * Requests are prebuilt bytes and answers are parsed only for status and Content-Length (Fastify
 * answers JSON with one): node:http's client cost about as much CPU per request as the server's
 * hello-world and lagged its own schedule by 160 ms (p99) on this shared machine.
 */
export async function paced(o: {
  /** http://host:port */
  base: string;
  path: string;
  /** headers of a POST (content-length is added) */
  headers?: Record<string, string>;
  /** the server process's CPU ms so far, read before and after */
  cpuMs?: () => number;
  rate: number;
  seconds: number;
  connections: number;
  bodies?: { body: string; allow: boolean }[];
}): Promise<PacedShot> {
  const target = new URL(o.base);
  const head = (method: string, extra: string) =>
    `${method} ${o.path} HTTP/1.1\r\nhost: ${target.host}\r\nconnection: keep-alive\r\n${extra}\r\n`;
  const wire: Buffer[] = o.bodies
    ? o.bodies.map((b) =>
        Buffer.from(
          head(
            'POST',
            `${Object.entries(o.headers ?? {})
              .map(([k, v]) => `${k}: ${v}\r\n`)
              .join('')}content-length: ${Buffer.byteLength(b.body)}\r\n`,
          ) + b.body,
        ),
      )
    : [Buffer.from(head('GET', ''))];
  const interval = 1000 / o.rate;
  const total = Math.max(1, Math.floor(o.rate * o.seconds));
  const latencies: number[] = [];
  const lags: number[] = [];
  let errors = 0;
  /** what the errors were: the HTTP status, or `closed` (the socket closed before an answer) */
  const errorsBy: Record<string, number> = {};
  const failed = (why: string) => {
    errors++;
    errorsBy[why] = (errorsBy[why] ?? 0) + 1;
  };
  let mism = 0;
  let done = 0;
  let lastEnd = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((r) => {
    allDone = r;
  });
  interface Conn {
    sock: Socket;
    buf: Buffer | null;
    inFlight: { k: number; scheduled: number } | null;
  }
  const idle: Conn[] = [];
  const waiting: { k: number; scheduled: number }[] = [];
  const write = (c: Conn, job: { k: number; scheduled: number }) => {
    c.inFlight = job;
    c.sock.write(wire[job.k % wire.length]!);
  };
  const settle = (c: Conn, status: number, body: Buffer | null) => {
    const job = c.inFlight!;
    c.inFlight = null;
    latencies.push(performance.now() - job.scheduled);
    if (status !== 200) failed(`status ${status}`);
    else if (o.bodies && body) {
      const d = (JSON.parse(body.toString('utf8')) as { decision: boolean }).decision;
      if (d !== o.bodies[job.k % o.bodies.length]!.allow) mism++;
    }
    lastEnd = performance.now();
    if (++done === total) allDone();
    const nextJob = waiting.shift();
    if (nextJob) write(c, nextJob);
    else idle.push(c);
  };
  const open = () =>
    new Promise<Conn>((resolve, reject) => {
      const c: Conn = { sock: connect(Number(target.port), target.hostname), buf: null, inFlight: null };
      c.sock.setNoDelay(true);
      c.sock.once('connect', () => resolve(c));
      c.sock.once('error', reject);
      c.sock.on('data', (chunk: Buffer) => {
        c.buf = c.buf ? Buffer.concat([c.buf, chunk]) : chunk;
        for (;;) {
          const end = c.buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = c.buf.toString('latin1', 0, end);
          const len = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? '0');
          if (c.buf.length < end + 4 + len) return;
          const body = c.buf.subarray(end + 4, end + 4 + len);
          const rest = c.buf.subarray(end + 4 + len);
          c.buf = rest.length > 0 ? rest : null;
          settle(c, Number(head.slice(9, 12)), body);
          if (!c.buf) return;
        }
      });
    });
  const conns = await Promise.all(Array.from({ length: o.connections }, open));
  for (const c of conns) {
    c.sock.on('error', () => {});
    c.sock.on('close', () => {
      // an answer never completed on a closed socket: an error (the run's count stays whole)
      if (c.inFlight) {
        failed('closed');
        c.inFlight = null;
        if (++done === total) allDone();
      }
    });
  }
  idle.push(...conns);
  const send = (k: number, scheduled: number) => {
    lags.push(performance.now() - scheduled); // the timer's own lateness, before any wait for a socket
    const c = idle.pop();
    if (c) write(c, { k, scheduled });
    else waiting.push({ k, scheduled });
  };
  const c0 = o.cpuMs?.() ?? Number.NaN;
  const start = performance.now() + 10;
  let k = 0;
  const tick = () => {
    const now = performance.now();
    while (k < total && start + k * interval <= now) {
      send(k, start + k * interval);
      k++;
    }
    if (k < total) setTimeout(tick, Math.max(0, start + k * interval - performance.now()));
  };
  setTimeout(tick, 10);
  await finished;
  const cpu = (o.cpuMs?.() ?? Number.NaN) - c0;
  for (const c of conns) c.sock.destroy();
  const sorted = [...latencies].sort((x, y) => x - y);
  const at = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;
  return {
    generator: 'paced',
    rps: done / ((lastEnd - start) / 1000),
    offeredRps: o.rate,
    achievedRps: done / ((lastEnd - start) / 1000),
    p50: at(sorted, 0.5),
    p99: at(sorted, 0.99),
    p999: at(sorted, 0.999),
    dispatchLagP99: at(
      [...lags].sort((x, y) => x - y),
      0.99,
    ),
    errors,
    errorsBy,
    mismatches: mism,
    cpuUsPerReq: (cpu * 1000) / Math.max(1, done),
  };
}
