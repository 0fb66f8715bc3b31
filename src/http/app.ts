import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Deps } from '../app/deps.ts';
import { bearerVerifier } from '../infra/auth/bearer.ts';
import { type ActorResolver, bearerResolver, installAuth } from './auth.ts';
import { installErrorHandler } from './error-handler.ts';
import { installMetrics } from './metrics.ts';
import { accessManagerRoutes } from './routes/access-managers.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { grantRoutes } from './routes/grants.ts';
import { meRoutes } from './routes/me.ts';
import { exceptionRoutes } from './routes/exception.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { systemRoutes } from './routes/system.ts';
import { webRoutes } from './routes/web.ts';
import { authzenRoutes } from './routes/authzen.ts';

export type App = FastifyInstance;

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** extra ways to find the actor (the browser session), tried after the bearer token */
  resolvers?: ActorResolver[];
}

/** Log redaction: identifiers, tokens and secrets never reach the logs unmasked. */
export const logRedactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  installErrorHandler(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
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
    },
  });
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
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const metrics = installMetrics(app);
  installAuth(app, [bearerResolver(await bearerVerifier(deps.config)), ...(opts.resolvers ?? [])]);

  await app.register(systemRoutes(deps));
  await app.register(catalogueRoutes(deps));
  await app.register(enterpriseRoutes(deps));
  await app.register(accessManagerRoutes(deps));
  await app.register(grantRoutes(deps));
  await app.register(meRoutes(deps));
  await app.register(exceptionRoutes(deps));
  await app.register(authzenRoutes(deps, { registry: metrics.registry }));

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Last: the UI's catch-all for client routes; every server route above is matched first.
  await app.register(webRoutes());
  return app;
}
