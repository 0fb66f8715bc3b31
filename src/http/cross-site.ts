import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.ts';

/**
 * Operator and management routes answer only to the web application itself (issue 13,
 * finding 9). Browsers say where a request comes from in `Sec-Fetch-Site`; `cross-site` means a
 * page of another site made this browser send it (a link, a form, an <img>), riding on the
 * operator's or manager's SameSite=Lax cookie for top-level GETs. `same-origin`, `same-site` and
 * `none` (typed in, a bookmark) pass, and so does a request without the header: API clients
 * and older browsers send none, and state-changing requests still need the CSRF token.
 *
 * Left open on purpose: the public register and catalogue reads, the public exception
 * procedure, the login round trip (the identity provider sends the browser back cross-site),
 * the check API and the web application's pages (mails link to them).
 */
const GUARDED: readonly RegExp[] = [
  /^\/api\/v1\/service-desk(\/|$)/,
  /^\/api\/v1\/enterprises\/[^/]+\/./,
  /^\/api\/v1\/(me|session|sessions)(\/|$)/,
  /^\/api\/v1\/invitations\//,
  /^\/auth\/(logout|csrf)$/,
];

export function isGuardedPath(url: string): boolean {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return GUARDED.some((p) => p.test(path));
}

export function isCrossSite(header: string | string[] | undefined): boolean {
  const values = Array.isArray(header) ? header : [header];
  return values.some((v) => typeof v === 'string' && v.trim().toLowerCase() === 'cross-site');
}

export function installCrossSiteGuard(app: FastifyInstance): void {
  // synchronous (issue 20, session 9): no promise for every request of every route
  app.addHook('onRequest', (request, _reply, done) => {
    // Review 7, finding 2: the router matched the path after decoding it (`/api/v1/%73ervice-desk`
    // is the desk), so the route it chose is judged, and the raw URL too (no route: a 404 page)
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && isCrossSite(site)) {
      const route = request.routeOptions.url;
      if (isGuardedPath(request.url) || (route !== undefined && isGuardedPath(route)))
        return done(new DomainError('request.cross_site', { header: 'sec-fetch-site' }));
    }
    done();
  });
}
