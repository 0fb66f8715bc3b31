import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { Localised } from '../schemas.ts';
import type { UsageLimits } from '../usage-limits.ts';

const Service = Type.Object({
  code: Type.String(),
  name: Localised,
  roles: Type.Array(Type.Object({ code: Type.String(), name: Localised })),
  capacities: Type.Optional(
    Type.Array(Type.String(), {
      description: 'issue 19: Social Security capacities the enterprise must hold in this domain to use the service',
    }),
  ),
});
const Domain = Type.Object({
  code: Type.String(),
  name: Localised,
  description: Localised,
  system: Type.Union([Type.Literal('btb'), Type.Literal('social-security'), Type.Literal('external')]),
  services: Type.Array(Service),
});

export function catalogueRoutes(deps: Deps, limits: UsageLimits): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Public reads: no login, so a limit per client address keeps one caller from taking all.
    await app.register(rateLimit, {
      global: true,
      max: deps.config.login.rateLimitPublic,
      timeWindow: 60_000,
      ...limits.sharedStore('public-catalogue'),
    });
    app.get(
      '/api/v1/domains',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'The catalogue: domains, their access-management system and their online services',
          response: { 200: Type.Object({ version: Type.String(), domains: Type.Array(Domain) }) },
        },
      },
      async () => ({
        version: deps.catalogue.version,
        domains: deps.catalogue.domains.map((d) => ({
          code: d.code,
          name: d.name,
          description: d.description,
          system: d.system,
          services: d.services.map((s) => ({
            code: s.code,
            name: s.name,
            roles: s.roles ?? [],
            ...(s.capacities ? { capacities: s.capacities } : {}),
          })),
        })),
      }),
    );
  };
}
