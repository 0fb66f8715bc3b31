import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { getEnterprise } from '../../app/get-enterprise.ts';
import { IdentifierString, withProblems } from '../schemas.ts';
import type { UsageLimits } from '../usage-limits.ts';

const LabelMap = Type.Record(Type.String(), Type.String());
export const EnterpriseSchema = Type.Object({
  number: Type.String({ description: '10 digits' }),
  display: Type.String({ description: '0123.456.789' }),
  status: Type.Object({ code: Type.String(), isActive: Type.Boolean(), label: LabelMap }),
  names: Type.Array(Type.Object({ language: Type.String(), type: Type.String(), name: Type.String() })),
  legalForm: Type.Union([Type.Object({ code: Type.String(), label: LabelMap }), Type.Null()]),
  startDate: Type.Union([Type.String(), Type.Null()]),
  establishmentUnits: Type.Array(
    Type.Object({ number: Type.String(), display: Type.String(), startDate: Type.Union([Type.String(), Type.Null()]) }),
  ),
});

export const EnterpriseParams = Type.Object({
  enterpriseNumber: IdentifierString('enterprise number, any spelling: 0566.988.259, BE0566988259, 566988259'),
});

export function enterpriseRoutes(deps: Deps, limits: UsageLimits): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Public reads: no login, so a limit per client address keeps one caller from taking all.
    await app.register(rateLimit, {
      global: true,
      max: deps.config.login.rateLimitPublic,
      timeWindow: 60_000,
      ...limits.sharedStore('public-enterprises'),
    });
    app.get(
      '/api/v1/enterprises/:enterpriseNumber',
      {
        schema: {
          tags: ['register'],
          summary: 'An enterprise as the enterprise register publishes it',
          params: EnterpriseParams,
          response: withProblems({ 200: EnterpriseSchema }),
        },
      },
      async (request) => getEnterprise(deps, (request.params as { enterpriseNumber: string }).enterpriseNumber),
    );
  };
}
