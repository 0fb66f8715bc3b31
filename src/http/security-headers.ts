/**
 * The security headers every answer carries (Content-Security-Policy, HSTS, X-Frame-Options, …),
 * as helmet computes them from our policy, worked out once when the app is built and then copied
 * onto each response. @fastify/helmet ran helmet's whole option parsing again on every request
 * (issue 20: 8% of an evaluation's CPU profile); the policy has no per-request part (no nonces, no
 * directive computed from the request), so the headers are the same for every answer.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export const CONTENT_SECURITY_POLICY: NonNullable<HelmetOptions['contentSecurityPolicy']> = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
  },
};

export interface SecurityHeaders {
  set: [name: string, value: string][];
  removed: string[];
}

/**
 * Runs helmet's middleware once against a recorder and keeps what it sets and removes. Throws for a
 * policy with a directive computed per request (a function: a nonce, say), or if the middleware
 * does not finish at once: then the headers depend on the request, and computing them once is wrong.
 */
export function securityHeaders(options: HelmetOptions = { contentSecurityPolicy: CONTENT_SECURITY_POLICY }) {
  const csp = options.contentSecurityPolicy;
  for (const [name, value] of Object.entries(typeof csp === 'object' ? (csp.directives ?? {}) : {})) {
    if (typeof value === 'function' || (Array.isArray(value) && value.some((v) => typeof v === 'function')))
      throw new Error(`the ${name} directive is computed per request; its headers cannot be computed once`);
  }
  const out: SecurityHeaders = { set: [], removed: [] };
  const recorder = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new Error(`security header ${name} is not a fixed text`);
      out.set.push([name.toLowerCase(), value]);
    },
    removeHeader(name: string) {
      out.removed.push(name.toLowerCase());
    },
  };
  let finished = false;
  helmet(options)({} as never, recorder as never, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return out;
}

/**
 * Puts the headers on every answer, before any route runs (as @fastify/helmet's onRequest hook
 * did), as Fastify reply headers: Fastify writes them with the answer's own headers in one
 * `writeHead` (issue 20, session 10). Twelve `raw.setHeader` calls cost a validation and a
 * bookkeeping entry each, and then made Node take writeHead's slow path (every header of the
 * reply through setHeader again). Reply headers reach errors (Fastify keeps them), 404s, streams
 * (static files: copied onto the raw response) and every `reply.send`; an answer written on the
 * raw response after `reply.hijack()` gets them only through `hijackReply` below.
 *
 * `removed` (helmet drops X-Powered-By, which Express sets) is not applied per answer: nothing in
 * this server sets that header (Fastify does not); hijackReply drops it from raw answers anyway.
 */
export function installSecurityHeaders(
  app: FastifyInstance,
  headers: SecurityHeaders = securityHeaders(),
  { requestId = false }: { requestId?: boolean } = {},
) {
  const put = securityHeaderSetter(headers);
  // buildApp's: the request id in the same hook (session 10: one synchronous hook less, and no
  // onSend hook left on the check routes, so Fastify skips that runner for them)
  if (requestId)
    app.addHook('onRequest', (request, reply, done) => {
      put(reply);
      reply.header('x-request-id', request.id);
      done();
    });
  else
    app.addHook('onRequest', (_request, reply, done) => {
      put(reply);
      done();
    });
}

/**
 * The headers put on one reply: for installSecurityHeaders, and for the answers Fastify gives
 * before any hook runs (a malformed URL: `frameworkErrors`, buildApp).
 */
export function securityHeaderSetter(headers: SecurityHeaders = securityHeaders()): (reply: FastifyReply) => void {
  const n = headers.set.length;
  const names = headers.set.map(([name]) => name);
  const values = headers.set.map(([, value]) => value);
  return (reply) => {
    for (let i = 0; i < n; i++) reply.header(names[i]!, values[i]!);
  };
}

/**
 * `reply.hijack()` for a handler that writes the answer itself on `reply.raw` (the development
 * identity provider, issue 20): Fastify will not write the reply's headers then, so they (the
 * security headers among them) are put on the raw response first. Every hijack in src goes
 * through here (security-headers.int.test.ts reads the sources).
 */
export function hijackReply(reply: FastifyReply): void {
  const raw = reply.raw;
  if (!raw.headersSent) {
    const headers = reply.getHeaders();
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) raw.setHeader(name, value as string | number | readonly string[]);
    }
    raw.removeHeader('x-powered-by'); // helmet's one removal (securityHeaders().removed)
  }
  reply.hijack();
}
