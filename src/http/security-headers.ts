/**
 * The security headers every answer carries (Content-Security-Policy, HSTS, X-Frame-Options, …),
 * as helmet computes them from our policy, worked out once when the app is built and then copied
 * onto each response. @fastify/helmet ran helmet's whole option parsing again on every request
 * (issue 20: 8% of an evaluation's CPU profile); the policy has no per-request part (no nonces, no
 * directive computed from the request), so the headers are the same for every answer.
 */
import type { FastifyInstance } from 'fastify';
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

/** Sets the headers on every response, before any route runs (as @fastify/helmet's onRequest hook did). */
export function installSecurityHeaders(app: FastifyInstance, headers: SecurityHeaders = securityHeaders()) {
  const { set, removed } = headers;
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (let i = 0; i < set.length; i++) raw.setHeader(set[i]![0], set[i]![1]);
    for (let i = 0; i < removed.length; i++) raw.removeHeader(removed[i]!);
    done();
  });
}
