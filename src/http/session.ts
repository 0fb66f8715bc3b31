import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../app/deps.ts';
import type { Actor, AuthMeans, Loa } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { Config } from '../infra/config.ts';
import { findActiveSession, type SessionRow, type SessionTimeouts } from '../infra/oidc/session-store.ts';
import type { ActorResolver } from './auth.ts';

export const SESSION_COOKIE = 'btb_session';
export const LOGIN_COOKIE = 'btb_login';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the browser session is not looked at on this route (the development provider's pages) */
    btbSession?: false;
  }
  interface FastifyRequest {
    /** the session row behind `actor` when it came from the session cookie */
    btbSession?: SessionRow;
  }
}

export function timeoutsOf(config: Config): SessionTimeouts {
  return { idleMinutes: config.login.sessionIdleMinutes, absoluteHours: config.login.sessionAbsoluteHours };
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Our cookie values are base64url tokens: no encoding needed, and nothing else is ever set. */
export function setCookie(
  reply: FastifyReply,
  config: Config,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  const attrs = [`${name}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
  if (config.login.cookieSecure) attrs.push('Secure');
  reply.header('set-cookie', attrs.join('; '));
}

export function clearCookie(reply: FastifyReply, config: Config, name: string): void {
  setCookie(reply, config, name, '', 0);
}

/**
 * The CSRF token of a session: an HMAC of the (HttpOnly, unreadable to scripts) session token.
 * The SPA fetches it from /auth/csrf and sends it in `x-csrf-token`; a page on another site
 * can make the browser send the cookie but cannot know this value. Nothing to store, and it
 * changes with every session rotation.
 */
export function csrfTokenFor(config: Config, sessionToken: string): string {
  return createHmac('sha256', config.login.sessionSecret).update(`csrf:${sessionToken}`).digest('base64url');
}

function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

function presentedCsrf(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
}

export function isCsrfValid(config: Config, sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(config, sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function actorOfSession(s: SessionRow): Actor {
  return {
    personNumber: s.person_number,
    foreignId: s.foreign_id ?? undefined,
    loa: s.loa as Loa,
    means: s.means as AuthMeans,
    familyName: s.family_name ?? undefined,
    givenName: s.given_name ?? undefined,
    email: s.email ?? undefined,
    emailVerified: Number(s.email_verified) === 1,
    locale: s.locale ?? undefined,
    via: 'session',
    sessionId: s.id,
  };
}

/**
 * The browser path to the same Actor as the bearer path. A state-changing request that rides
 * on the session cookie must carry the session's CSRF token; bearer requests never reach here
 * (the bearer resolver runs first) and need none: browsers do not add them on their own.
 */
export function sessionResolver(deps: Deps): ActorResolver {
  const timeouts = timeoutsOf(deps.config);
  return async (request) => {
    if (request.routeOptions.config?.btbSession === false) return undefined;
    const token = readCookie(request, SESSION_COOKIE);
    if (!token) return undefined;
    const session = await findActiveSession(deps.db.db, token, deps.clock.now(), timeouts);
    if (!session) return undefined;
    if (!isSafeMethod(request.method) && !isCsrfValid(deps.config, token, presentedCsrf(request))) {
      throw new DomainError('authorization.csrf_failed', { header: CSRF_HEADER });
    }
    request.btbSession = session;
    return actorOfSession(session);
  };
}
