/** The shapes of the mandate routes (mandates.ts, mandate-agents.ts, mandate-bulk.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { grantView } from '../../app/shared/grant-view.ts';
import type { AccessGrantTable } from '../../infra/db/schema.ts';
import { IdentifierString } from '../schemas.ts';

export const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const Side = Type.Union([Type.Literal('mandator'), Type.Literal('mandatary')]);
export const Codes = (d: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 100, description: d });
export const Id = Type.String({ minLength: 1, maxLength: 64 });
// query strings are not coerced (ajv coerceTypes off): a page size arrives as digits
export const Limit = Type.String({
  pattern: '^[1-9][0-9]{0,2}$',
  description: 'page size, 1-999 (capped per endpoint)',
});

export const MandateSchema = Type.Object({
  id: Type.String(),
  mandator: Type.String({ description: 'enterprise A, which gives the mandate' }),
  mandatary: Type.String({ description: 'enterprise B, which acts for A' }),
  status: Type.String({ description: 'proposed, active, rejected or ended' }),
  scope: Type.Array(Type.Object({ domain: Type.String(), service: N(Type.String()) })),
  validFrom: Type.String(),
  validUntil: N(Type.String()),
  capacity: N(
    Type.String({
      description:
        "issue 19: the mandator's capacity it is given for (employer, social_secretariat, service_provider); null: none",
    }),
  ),
  proposedBy: Type.String(),
  proposedBySide: Side,
  proposedAt: Type.String(),
  acceptedBy: N(Type.String()),
  acceptedAt: N(Type.String()),
  rejectedAt: N(Type.String()),
  endedAt: N(Type.String()),
  endedBySide: Type.Union([Side, Type.Null()]),
  endReason: N(Type.String()),
});
export const AgentSchema = Type.Object({
  person: Type.String(),
  name: N(Type.String()),
  kind: Type.String({ description: 'client_manager or user' }),
  domain: N(Type.String()),
  service: N(Type.String()),
  validUntil: N(Type.String()),
  grant: N(Type.String()),
});
export const GrantSchema = Type.Object({
  id: Type.String(),
  enterprise: Type.String({ description: 'the client (mandator)' }),
  person: Type.String(),
  service: Type.String(),
  role: N(Type.String()),
  domain: Type.String(),
  mandate: Type.String(),
  grantedBy: Type.String(),
  grantedByRole: Type.String(),
  validFrom: Type.String(),
  validUntil: N(Type.String()),
  revokedAt: N(Type.String()),
});
export const BulkResult = Type.Object({
  items: Type.Array(
    Type.Object({
      line: Type.Integer(),
      enterprise: N(Type.String()),
      service: Type.Optional(Type.String()),
      outcome: Type.Union([Type.Literal('done'), Type.Literal('refused')]),
      id: Type.Optional(Type.String()),
      code: Type.Optional(Type.String()),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
});

/**
 * A grant under a mandate: the grant as /grants answers it, with its mandate (GrantSchema has no
 * createdAt, so the serializer leaves it out, as it always did here).
 */
export function mandateGrantView(g: AccessGrantTable) {
  return { ...grantView(g), mandate: g.mandate_id! };
}

export const En = Type.Object({ en: IdentifierString('enterprise number of the side the caller acts for') });
export const EnId = Type.Object({ en: IdentifierString('enterprise number of the side the caller acts for'), id: Id });
export const Reason = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

/** The mandate plugin's instance: the routes of mandate-agents.ts and mandate-bulk.ts share its body parsers and hooks. */
export type MandateApp = Parameters<FastifyPluginAsyncTypebox>[0];
