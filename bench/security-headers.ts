/**
 * What the security headers cost per request (issue 20): helmet's middleware built from our policy
 * on every request, as @fastify/helmet 13 did, against the headers computed once and copied
 * (src/http/security-headers.ts). Both on real http.ServerResponse objects; CPU time per response.
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
const ways: Record<string, (res: ServerResponse) => void> = {
  'helmet(options) per request (@fastify/helmet 13)': (res) => helmet(options)(req, res, done),
  'computed once, copied': (res) => {
    for (const [n, v] of fixed.set) res.setHeader(n, v);
    for (const n of fixed.removed) res.removeHeader(n);
  },
  'no security headers': () => {},
};
for (let round = 0; round < 3; round++) {
  for (const [name, f] of Object.entries(ways)) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) f(new ServerResponse(req));
    const c = process.cpuUsage(c0);
    if (round === 2) console.log(`${name}: ${((c.user + c.system) / N).toFixed(2)} µs CPU per response`);
  }
}
