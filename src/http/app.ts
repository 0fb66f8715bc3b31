import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { CONSISTENCY_HEADER, currentConsistencyToken } from '../app/check-consistency.ts';
import type { Deps } from '../app/deps.ts';
import { maskPersonNumber } from '../domain/identifiers.ts';
import { maskPersonId } from '../domain/person-id.ts';
import { bearerVerifier } from '../infra/auth/bearer.ts';
import { type ActorResolver, bearerResolver, installAuth, linkedEidasResolver } from './auth.ts';
import { installCrossSiteGuard } from './cross-site.ts';
import { frameworkErrors, installErrorHandler } from './error-handler.ts';
import { installIdempotency } from './idempotency.ts';
import { installLinkedEnterpriseGone } from './linked-enterprises.ts';
import { installMetrics, installWebhookMetrics } from './metrics.ts';
import { installQueryNumbers } from './query-numbers.ts';
import { installRefusalAudit } from './refusal-audit.ts';
import { methodsOf, routeHook } from './route-hooks.ts';
import { accessManagerRoutes } from './routes/access-managers.ts';
import { accessRequestRoutes } from './routes/access-requests.ts';
import { installLogin } from './routes/auth.ts';
import { authzenRoutes } from './routes/authzen.ts';
import { capacityRoutes } from './routes/capacities.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { exceptionRoutes } from './routes/exception.ts';
import { grantRoutes } from './routes/grants.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { managementTreeRoutes } from './routes/management-tree.ts';
import { mandateRoutes } from './routes/mandates.ts';
import { meRoutes } from './routes/me.ts';
import { registerChangeRoutes } from './routes/register-changes.ts';
import { systemRoutes } from './routes/system.ts';
import { systemUserRequestRoutes } from './routes/system-user-requests.ts';
import { systemUserRoutes } from './routes/system-users.ts';
import { webRoutes } from './routes/web.ts';
import { installSecurityHeaders, securityHeaderSetter, securityHeaders } from './security-headers.ts';
import { sessionResolver } from './session.ts';
import { createUsageLimits } from './usage-limits.ts';

export type App = FastifyInstance;

export interface BuildOptions {
  /** logger options, or a pino instance (the server's, with redaction and serializers) */
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
  /** extra ways to find the actor (the browser session), tried after the bearer token */
  resolvers?: ActorResolver[];
}

/** Log redaction: identifiers, tokens and secrets never reach the logs unmasked. */
export const logRedactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  // issue 8: error objects and bound context that carry secrets or contact data
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.idToken',
  '*.id_token',
  '*.email',
  '*.phone',
];

/**
 * Fastify logs every request's URL, and ours carry national numbers (/co-main-access-managers/
 * 85073003328), invitation tokens and e-mail addresses in queries (issue 8). The URL is logged
 * with those masked; enterprise numbers stay, since the public register publishes them.
 */
export const logSerializers = {
  req(req: { method?: string; url?: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }) {
    return {
      method: req.method,
      url: maskUrl(req.url ?? ''),
      host: req.hostname,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  },
};

const SECRET_QUERY_KEYS = /^(token|code|state|secret|password|id_token|access_token|session|nonce|follow|key)$/i;

export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const segments = path.split('/');
  const masked = segments.map((seg, i) =>
    (segments[i - 1] === 'invitations' && seg) || isEidasTail(segments, i) ? '[redacted]' : maskValue(seg),
  );
  if (q < 0) return masked.join('/');
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return maskValue(pair);
      const key = pair.slice(0, eq);
      return `${key}=${SECRET_QUERY_KEYS.test(safeDecode(key)) ? '[redacted]' : maskValue(pair.slice(eq + 1))}`;
    })
    .join('&');
  return `${masked.join('/')}?${query}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

const DIGIT_RUN = /\d(?:[\s.\-\u00a0\u202f]*\d){10,}/g;
/** An eIDAS identifier `CC/BE/identifier` in any spelling parsePersonId accepts (issue 19). */
const EIDAS_RUN = /\b[A-Za-z]{2}\s*\/\s*BE\s*\/\s*[\x21-\x7e]+/gi;

/** `…/DE/BE/<identifier>/…` with unencoded slashes: the identifier segment is the person. */
function isEidasTail(segments: string[], i: number): boolean {
  const cc = segments[i - 2];
  return i >= 2 && segments[i - 1]?.toUpperCase() === 'BE' && cc !== undefined && /^[A-Za-z]{2}$/.test(cc);
}

/** A person number in any spelling (11 digits among separators), an eIDAS identifier, an e-mail address, or a long token. */
function maskValue(raw: string): string {
  const s = safeDecode(raw);
  if (s.includes('@')) return '[email]';
  if (/^[\w-]{24,}$/.test(s) && !/^\d+$/.test(s)) return '[redacted]';
  // Any run of 11 digits, whatever separators sit between them, is taken for a person number;
  // longer runs (a number glued to another) are hidden whole.
  const out = s
    .replace(EIDAS_RUN, (m) => maskPersonId(m))
    .replace(DIGIT_RUN, (m) => (m.replace(/\D/g, '').length === 11 ? maskPersonNumber(m) : '[digits]'));
  return out === s ? raw : encodeURIComponent(out);
}

function isLoggerInstance(l: unknown): l is FastifyBaseLogger {
  return typeof l === 'object' && l !== null && typeof (l as { child?: unknown }).child === 'function';
}

export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  // helmet's headers, computed once at start (issue 20), on every answer
  const security = securityHeaders();
  const putSecurityHeaders = securityHeaderSetter(security);
  const app = Fastify({
    // A pino instance must come in as loggerInstance: Fastify 5 refuses it as `logger` (issue 8).
    ...(isLoggerInstance(opts.logger) ? { loggerInstance: opts.logger } : { logger: opts.logger ?? false }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // a malformed URL is answered before any hook runs: the security headers are put on here
    frameworkErrors: (error, request, reply) => {
      putSecurityHeaders(reply);
      reply.header('x-request-id', request.id);
      frameworkErrors(error, request, reply);
    },
    trustProxy: false,
    // Every violation at once (issue 16, item 10); the answer lists at most 20 (validation-problems.ts)
    // and the body limits bound the work.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The security headers and `x-request-id`, on every answer: the first of all hooks, so that an answer
  // a later onRequest hook refuses (the cross-site guard) carries them too (issue 20, session 10).
  installSecurityHeaders(app, security, { requestId: true });
  // Issue 20: a write answers with the state it committed, for checks that must see it; only the
  // management API's writes are given the hook.
  routeHook(
    app,
    'onSend',
    'consistencyToken',
    (route) => route.url.startsWith('/api/') && methodsOf(route).some((m) => m !== 'GET' && m !== 'HEAD'),
    async (request, reply) => {
      if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400) return;
      try {
        reply.header(CONSISTENCY_HEADER, await currentConsistencyToken(deps.db.db));
      } catch {
        // the write is committed; without a token the caller's checks are as fresh as ever
      }
    },
  );

  installErrorHandler(app);
  installRefusalAudit(app, deps);
  installLinkedEnterpriseGone(app, deps);
  installCrossSiteGuard(app);
  installQueryNumbers(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'btb: management of access managers',
        version: '1.0.0',
        description:
          'May this person act for this enterprise here? Register data, the delegation chain and the check API.',
      },
      servers: [{ url: deps.config.publicUrl }],
    },
  });
  // The API's documentation is public unless BTB_API_DOCS_PUBLIC=false (issue 13, finding 12).
  // Its routes (@fastify/swagger-ui's) are declared before the actor resolution is installed and take
  // no actor: marked so, as every such route must be (route-hooks.int.test.ts).
  if (deps.config.apiDocsPublic)
    await app.register(async (docs) => {
      docs.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), btbActor: false };
      });
      await docs.register(swaggerUi, { routePrefix: '/docs' });
    });
  const metrics = installMetrics(app, deps.config);
  installWebhookMetrics(metrics.registry, deps);
  installAuth(app, [
    linkedEidasResolver(deps, bearerResolver(await bearerVerifier(deps.config))),
    sessionResolver(deps),
    ...(opts.resolvers ?? []),
  ]);
  installIdempotency(app, deps.db.db);
  const limits = createUsageLimits(deps.config);
  app.addHook('onClose', () => limits.close());
  await installLogin(app, deps, limits);

  await app.register(systemRoutes(deps));
  await app.register(catalogueRoutes(deps, limits));
  await app.register(enterpriseRoutes(deps, limits));
  await app.register(accessManagerRoutes(deps));
  await app.register(grantRoutes(deps, limits));
  await app.register(invitationRoutes(deps));
  await app.register(mandateRoutes(deps, limits));
  await app.register(registerChangeRoutes(deps));
  await app.register(managementTreeRoutes(deps));
  await app.register(meRoutes(deps));
  await app.register(accessRequestRoutes(deps));
  await app.register(systemUserRoutes(deps));
  await app.register(systemUserRequestRoutes(deps));
  await app.register(capacityRoutes(deps));
  await app.register(exceptionRoutes(deps, limits));
  await app.register(authzenRoutes(deps, { registry: metrics.registry }));

  if (deps.config.apiDocsPublic) app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Last: the UI's catch-all for client routes; every server route above is matched first.
  await app.register(webRoutes());
  return app;
}
