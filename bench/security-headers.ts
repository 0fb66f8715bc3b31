/**
 * What the security headers cost per request (issue 20): helmet's middleware built from our policy
 * on every request, as @fastify/helmet 13 did; the headers computed once and copied onto the raw
 * response with setHeader (sessions 4–9); computed once and put on Fastify's reply headers, written
 * by one writeHead with the answer's own (session 10, src/http/security-headers.ts). Each way ends
 * with the writeHead Fastify makes (content type, length, request id), on real
 * http.ServerResponse objects, so Node's header validation and its header block are counted; CPU
 * time per response.
 *
 *   node bin/run-ts.mjs bench/security-headers.ts
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../src/http/security-headers.ts';

const N = Number(process.env.BENCH_N ?? '100000');
const options = { contentSecurityPolicy: CONTENT_SECURITY_POLICY };
const fixed = securityHeaders(options);
const req = new IncomingMessage(new Socket());
const done = () => {};
/** what Fastify writes besides: its reply headers, in one writeHead (reply.js, safeWriteHead) */
const own = () => ({
  'content-type': 'application/json; charset=utf-8',
  'content-length': '17',
  'x-request-id': 'b1f5a0c2-3a4e-4f0e-9a51-0b6f1c2d3e4f',
});
/** Fastify's reply.header(): lower-cased name into the reply's own object */
const header = (h: Record<string, string>, name: string, value: string) => {
  h[name.toLowerCase()] = value;
};
const names = fixed.set.map(([n]) => n);
const values = fixed.set.map(([, v]) => v);
const ways: Record<string, (res: ServerResponse) => void> = {
  'helmet(options) per request (@fastify/helmet 13)': (res) => {
    helmet(options)(req, res, done);
    res.writeHead(200, own());
  },
  'computed once, raw.setHeader each (sessions 4-9)': (res) => {
    for (const [n, v] of fixed.set) res.setHeader(n, v);
    for (const n of fixed.removed) res.removeHeader(n);
    res.writeHead(200, own());
  },
  'computed once, reply headers, one writeHead (session 10)': (res) => {
    const h: Record<string, string> = {};
    for (let i = 0; i < names.length; i++) header(h, names[i]!, values[i]!);
    Object.assign(h, own());
    res.writeHead(200, h);
  },
  'no security headers': (res) => {
    res.writeHead(200, own());
  },
};
for (let round = 0; round < 3; round++) {
  for (const [name, f] of Object.entries(ways)) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) f(new ServerResponse(req));
    const c = process.cpuUsage(c0);
    if (round === 2) console.log(`${name}: ${((c.user + c.system) / N).toFixed(2)} µs CPU per response`);
  }
}
