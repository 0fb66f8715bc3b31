import { randomBytes } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../app/deps.ts';
import { createFailureAudit, recordSecurityEvent } from '../../app/record-security-event.ts';
import { actorId } from '../../app/shared/record.ts';
import { type Loa, loaAtLeast } from '../../domain/actor.ts';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { isEidasId } from '../../domain/person-id.ts';
import { acrValuesFor, identityFromClaims } from '../../infra/oidc/claims.ts';
import { createDevProvider, DEV_IDP_PATH, devIdpPlugin } from '../../infra/oidc/dev-provider.ts';
import { createRelyingParty, type RelyingParty } from '../../infra/oidc/relying-party.ts';
import {
  createSession,
  findActiveSession,
  listActiveSessions,
  revokeAllSessions,
  revokeSession,
  saveLoginRequest,
  takeLoginRequest,
} from '../../infra/oidc/session-store.ts';
import { requireActor } from '../auth.ts';
import { safeReturnTo } from '../return-to.ts';
import { withProblems } from '../schemas.ts';
import { hijackReply } from '../security-headers.ts';
import {
  clearCookie,
  csrfTokenFor,
  LOGIN_COOKIE,
  readCookie,
  SESSION_COOKIE,
  setCookie,
  timeoutsOf,
} from '../session.ts';
import type { UsageLimits } from '../usage-limits.ts';

// The open-redirect guard lives in ../return-to.ts (issue 13, finding 1); kept importable from here.
export { safeReturnTo } from '../return-to.ts';

/** Where login happens: the configured provider, or the embedded development one. */
export async function installLogin(app: FastifyInstance, deps: Deps, limits: UsageLimits): Promise<void> {
  const { config } = deps;
  const redirectUri = `${config.publicUrl}${config.login.redirectPath}`;
  let rp: RelyingParty | undefined;
  if (config.devLogin) {
    const issuer = `${config.publicUrl}${DEV_IDP_PATH}`;
    const devClient = {
      clientId: 'btb-development',
      clientSecret: randomBytes(24).toString('base64url'),
      redirectUri,
      postLogoutRedirectUri: config.login.postLogoutRedirectUri,
    };
    const provider = await createDevProvider(config, issuer, devClient);
    await app.register(devIdpPlugin(config, provider, { hijack: hijackReply }));
    if (!config.oidc.issuer) {
      rp = createRelyingParty({ issuer, ...devClient, scopes: config.login.scopes, allowHttp: true });
    }
  }
  if (config.oidc.issuer && config.oidc.clientId) {
    rp = createRelyingParty({
      issuer: config.oidc.issuer,
      clientId: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      redirectUri,
      postLogoutRedirectUri: config.login.postLogoutRedirectUri,
      scopes: config.login.scopes,
      allowHttp: config.env !== 'production',
    });
  }
  await app.register(loginRoutes(deps, rp, limits));
}

const SessionView = Type.Object({
  personNumber: Type.Union([Type.String(), Type.Null()]),
  foreignId: Type.Union([Type.String(), Type.Null()]),
  familyName: Type.Union([Type.String(), Type.Null()]),
  givenName: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  locale: Type.Union([Type.String(), Type.Null()]),
  loa: Type.String(),
  means: Type.String(),
  via: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  /** no Belgian number: the exception procedure is this person's way in */
  exceptionProcedure: Type.Boolean(),
});

const SessionItem = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  loa: Type.String(),
  means: Type.String(),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  expiresAt: Type.String(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});

export function loginRoutes(deps: Deps, rp: RelyingParty | undefined, limits: UsageLimits): FastifyPluginAsyncTypebox {
  const { config, db } = deps;
  const timeouts = timeoutsOf(config);
  const needRp = (): RelyingParty => {
    if (!rp) throw new DomainError('authentication.not_configured', { variable: 'OIDC_ISSUER' });
    return rp;
  };
  const noLimit = { rateLimit: false as const };
  // Failed logins come from callers nobody has authenticated: coalesced (docs/audit.md).
  const failures = createFailureAudit(deps);

  return async (app) => {
    await app.register(rateLimit, {
      global: true,
      max: config.login.rateLimitAuth,
      timeWindow: 60_000,
      ...limits.sharedStore('login'),
    });
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8192 },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    app.get(
      '/auth/login',
      {
        schema: {
          tags: ['login'],
          summary: 'Start a login (or a step-up to a higher level) at the identity provider',
          querystring: Type.Object({
            returnTo: Type.Optional(Type.String({ maxLength: 2048 })),
            loa: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('substantial'), Type.Literal('high')])),
          }),
        },
      },
      async (request, reply) => {
        const returnTo = safeReturnTo(request.query.returnTo);
        const loa: Loa | undefined = request.query.loa;
        const current = request.btbSession;
        // Always through the provider, even when a session exists: a session cookie planted in
        // this browser must never stand in for the person who now logs in (fixation). A step-up
        // forces a fresh authentication, since a provider session at a lower level is not enough.
        const start = await needRp().startLogin({
          acrValues: loa ? acrValuesFor(config, loa) : undefined,
          forceLogin: current !== undefined && loa !== undefined && !loaAtLeast(current.loa as Loa, loa),
        });
        const token = await saveLoginRequest(
          db.db,
          { state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier, returnTo, loa: loa ?? null },
          deps.clock.now(),
        );
        setCookie(reply, config, LOGIN_COOKIE, token, 600);
        return reply.header('cache-control', 'no-store').redirect(start.url, 303);
      },
    );

    app.get(
      config.login.redirectPath,
      {
        schema: { tags: ['login'], summary: 'Where the identity provider sends the browser back', hide: true },
        onError: async (request, _reply, e) => {
          await failures.fail('security.login_failed', isDomainError(e) ? (e.details.reason ?? e.code) : 'error', {
            requestId: request.id,
          });
        },
      },
      async (request, reply) => {
        const loginToken = readCookie(request, LOGIN_COOKIE);
        clearCookie(reply, config, LOGIN_COOKIE);
        const now = deps.clock.now();
        const pending = loginToken ? await takeLoginRequest(db.db, loginToken, now) : undefined;
        if (!pending) throw new DomainError('authentication.login_failed', { reason: 'no login in progress' });
        const provider = needRp();
        const { claims, idToken } = await provider.finishLogin(new URL(request.url, config.publicUrl), pending);
        const identity = identityFromClaims(claims, config);
        // Rotation: whatever session this browser had (even one an attacker planted) ends here,
        // and the new one gets a fresh token (login and step-up alike).
        const oldToken = readCookie(request, SESSION_COOKIE);
        let old: Awaited<ReturnType<typeof findActiveSession>>;
        if (oldToken) {
          old = await findActiveSession(db.db, oldToken, now, timeouts);
          if (old) await revokeSession(db.db, old.id, now);
        }
        // an eIDAS person is the same by their eIDAS identifier, even once linked to a BIS number
        const sameSubject = identity.foreignId
          ? old?.foreign_id === identity.foreignId
          : old?.person_number === identity.personNumber && !old?.foreign_id;
        const { token, session } = await createSession(db.db, {
          identity,
          issuer: provider.issuer,
          idToken,
          userAgent: request.headers['user-agent'],
          now,
          timeouts,
        });
        setCookie(reply, config, SESSION_COOKIE, token, config.login.sessionAbsoluteHours * 3600);
        request.log.info({ loa: identity.loa, means: identity.means }, 'login');
        // A step-up: the same person, a session at a lower level before, a higher one now.
        const isStepUp = old !== undefined && sameSubject && !loaAtLeast(old.loa as Loa, identity.loa);
        await recordSecurityEvent(deps, {
          action: isStepUp ? 'security.step_up' : 'security.login',
          actor: actorId(identity),
          actorRole: 'person',
          target: session.id,
          after: {
            loa: identity.loa,
            means: identity.means,
            issuer: provider.issuer,
            ...(isStepUp ? { from: old?.loa } : {}),
          },
          requestId: request.id,
        });
        return reply.header('cache-control', 'no-store').redirect(safeReturnTo(pending.returnTo), 303);
      },
    );

    app.post(
      '/auth/logout',
      {
        schema: {
          tags: ['login'],
          summary: 'End this session (and the provider session, where it supports RP-initiated logout)',
          description: 'A caller that accepts JSON gets where to go next; a browser form gets a 303 there.',
          response: { 200: Type.Object({ logoutUrl: Type.String({ description: "the provider's logout, or /" }) }) },
        },
      },
      async (request, reply) => {
        const session = request.btbSession;
        clearCookie(reply, config, SESSION_COOKIE);
        let logoutUrl: string | undefined;
        if (session) {
          await revokeSession(db.db, session.id, deps.clock.now());
          await recordSecurityEvent(deps, {
            action: 'security.logout',
            actor: actorId({ personNumber: session.person_number, foreignId: session.foreign_id ?? undefined }),
            actorRole: 'person',
            target: session.id,
            requestId: request.id,
          });
          logoutUrl = await rp?.logoutUrl(session.id_token);
        }
        const target = logoutUrl ?? '/';
        if (String(request.headers.accept ?? '').includes('application/json')) return { logoutUrl: target };
        return reply.redirect(target, 303);
      },
    );

    app.get(
      '/auth/csrf',
      {
        schema: {
          tags: ['login'],
          summary: 'The CSRF token the SPA sends in x-csrf-token with every state-changing request',
          response: withProblems({ 200: Type.Object({ token: Type.String(), header: Type.String() }) }),
        },
      },
      async (request, reply) => {
        const token = readCookie(request, SESSION_COOKIE);
        if (!request.btbSession || !token) throw new DomainError('authentication.required');
        reply.header('cache-control', 'no-store');
        return { token: csrfTokenFor(config, token), header: 'x-csrf-token' };
      },
    );

    app.get(
      '/api/v1/session',
      {
        config: noLimit,
        schema: {
          tags: ['login'],
          summary: 'Who am I: person, names, assurance level and means of this login',
          response: withProblems({ 200: SessionView }),
        },
      },
      async (request, reply) => {
        const a = requireActor(request);
        reply.header('cache-control', 'no-store');
        return {
          personNumber: a.personNumber,
          foreignId: a.foreignId ?? null,
          familyName: a.familyName ?? null,
          givenName: a.givenName ?? null,
          email: a.email ?? null,
          locale: a.locale ?? null,
          loa: a.loa,
          means: a.means,
          via: a.via,
          expiresAt: request.btbSession?.expires_at ?? null,
          // no register lists a person known only by eIDAS: they start through the exception procedure
          exceptionProcedure: a.personNumber === null || isEidasId(a.personNumber),
        };
      },
    );

    app.get(
      '/api/v1/sessions',
      {
        config: noLimit,
        schema: {
          tags: ['login'],
          summary: 'My active sessions',
          response: withProblems({ 200: Type.Object({ sessions: Type.Array(SessionItem) }) }),
        },
      },
      async (request) => {
        const a = requireActor(request);
        const rows = await listActiveSessions(db.db, a, deps.clock.now(), timeouts);
        return {
          sessions: rows.map((s) => ({
            id: s.id,
            current: s.id === a.sessionId,
            loa: s.loa,
            means: s.means,
            createdAt: s.created_at,
            lastSeenAt: s.last_seen_at,
            expiresAt: s.expires_at,
            userAgent: s.user_agent,
          })),
        };
      },
    );

    app.delete(
      '/api/v1/sessions',
      {
        config: noLimit,
        schema: {
          tags: ['login'],
          summary: 'Log out everywhere: end every session of mine',
          response: withProblems({ 200: Type.Object({ revoked: Type.Integer() }) }),
        },
      },
      async (request, reply) => {
        const a = requireActor(request);
        const revoked = await revokeAllSessions(db.db, a, deps.clock.now());
        await recordSecurityEvent(deps, {
          action: 'security.logout_all',
          actor: actorId(a),
          actorRole: 'person',
          after: { revoked },
          requestId: request.id,
        });
        if (a.via === 'session') clearCookie(reply, config, SESSION_COOKIE);
        return { revoked };
      },
    );
  };
}
