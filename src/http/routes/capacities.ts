/** Issue 19, section 4: an enterprise's Social Security capacities, for the mandate form (docs/capacities.md). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { listEnterpriseCapacities } from '../../app/list-enterprise-capacities.ts';
import { IdentifierString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';

const CapacitySchema = Type.Object({
  domain: Type.String({ description: 'catalogue domain, e.g. social-security' }),
  capacity: Type.String({ description: 'employer, social_secretariat or service_provider' }),
  startDate: Type.String(),
  endDate: Type.Union([Type.String(), Type.Null()]),
  heldToday: Type.Boolean({ description: "held on today's date (Brussels); false: it starts later" }),
});

export function capacityRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/enterprises/:en/capacities',
      {
        schema: {
          tags: ['register'],
          summary:
            'The capacities the enterprise holds or will hold, as the registers say (issue 19); for any logged-in person',
          params: Type.Object({ en: IdentifierString('enterprise number') }),
          response: withProblems({
            200: Type.Object({ enterprise: Type.String(), capacities: Type.Array(CapacitySchema) }),
          }),
        },
      },
      async (req) => listEnterpriseCapacities(deps, ctxOf(req), req.params.en),
    );
  };
}
