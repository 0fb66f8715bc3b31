/**
 * The check API's request and response schemas (OpenID AuthZEN Authorization API 1.0, with btb's
 * decision context): validated on the way in, compiled into the answers' serialisers on the way
 * out, and published in the OpenAPI document.
 */
import { type Static, Type } from '@sinclair/typebox';

const Props = Type.Optional(Type.Record(Type.String(), Type.Unknown()));
const Subject = Type.Object({
  type: Type.String({ minLength: 1 }),
  id: Type.Optional(Type.String()),
  properties: Props,
});
const Resource = Type.Object({
  type: Type.String({ minLength: 1 }),
  id: Type.Optional(Type.String()),
  properties: Props,
});
const Action = Type.Object({ name: Type.String({ minLength: 1 }), properties: Props });
const Ctx = Type.Optional(Type.Record(Type.String(), Type.Unknown()));

export const EvaluationRequest = Type.Object({ subject: Subject, resource: Resource, action: Action, context: Ctx });
const ChainLink = Type.Object({
  kind: Type.String(),
  role: Type.String(),
  person: Type.Union([Type.String(), Type.Null()]),
  domain: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  procedure: Type.Optional(Type.String()),
  since: Type.Optional(Type.String()),
  validUntil: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  endedAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  enterprise: Type.Optional(Type.String({ description: 'through a mandate: the enterprise this link holds at' })),
  mandate: Type.Optional(Type.String()),
  mandator: Type.Optional(Type.String()),
  mandatary: Type.Optional(Type.String()),
  capacity: Type.Optional(
    Type.String({ description: "a mandate link: the mandator's capacity it is given for (issue 19)" }),
  ),
  onRequestOf: Type.Optional(Type.String({ description: 'granted or appointed on request of this person (issue 18)' })),
  accessRequest: Type.Optional(Type.String({ description: 'the access request it answered' })),
  establishments: Type.Optional(
    Type.Array(Type.String(), { description: 'the grant is limited to these establishment units (issue 19)' }),
  ),
  system: Type.Optional(Type.String({ description: "a system user's grant (kind system_user): the system" })),
  systemName: Type.Optional(Type.String()),
  vendor: Type.Optional(Type.String({ description: "the system's vendor enterprise" })),
  systemUser: Type.Optional(Type.String()),
  clientId: Type.Optional(Type.String({ description: 'the client id the check was asked for' })),
});
const DecisionContext = Type.Object({
  reason: Type.Optional(Type.String({ description: 'machine-readable reason code when the decision is false' })),
  reason_user: Type.String({ description: 'for the person, in the language of Accept-Language' }),
  reason_admin: Type.String({ description: 'for the service operator, in English' }),
  chain: Type.Array(ChainLink, { description: 'grant → access manager → main → legal representative, when true' }),
  capacities: Type.Optional(
    Type.Array(Type.String(), {
      description: 'issue 19: the Social Security capacities the service needs and the enterprise holds, when true',
    }),
  ),
});
export const EvaluationResponse = Type.Object({ decision: Type.Boolean(), context: DecisionContext });

const Semantic = Type.Union([
  Type.Literal('execute_all'),
  Type.Literal('deny_on_first_deny'),
  Type.Literal('permit_on_first_permit'),
]);
export const EvaluationsRequest = Type.Object({
  subject: Type.Optional(Subject),
  resource: Type.Optional(Resource),
  action: Type.Optional(Action),
  context: Ctx,
  evaluations: Type.Optional(
    Type.Array(
      Type.Object({
        subject: Type.Optional(Subject),
        resource: Type.Optional(Resource),
        action: Type.Optional(Action),
        context: Ctx,
      }),
      { maxItems: 1000 },
    ),
  ),
  options: Type.Optional(
    Type.Object({ evaluations_semantic: Type.Optional(Semantic) }, { additionalProperties: true }),
  ),
});
export const EvaluationsResponse = Type.Object({
  decision: Type.Optional(Type.Boolean()),
  context: Type.Optional(DecisionContext),
  evaluations: Type.Optional(Type.Array(EvaluationResponse)),
});

const PageRequest = Type.Optional(
  Type.Object({
    token: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  }),
);
export const PageResponse = Type.Object({ next_token: Type.String(), count: Type.Integer(), total: Type.Integer() });
export const SearchSubjectRequest = Type.Object({
  subject: Type.Object({ type: Type.String(), id: Type.Optional(Type.String()) }),
  resource: Resource,
  action: Action,
  context: Ctx,
  page: PageRequest,
});
export const SearchResourceRequest = Type.Object({
  subject: Subject,
  resource: Type.Object({ type: Type.String(), id: Type.Optional(Type.String()), properties: Props }),
  action: Action,
  context: Ctx,
  page: PageRequest,
});
export const SearchActionRequest = Type.Object({
  subject: Subject,
  resource: Resource,
  context: Ctx,
  page: PageRequest,
});
export const SearchResourceResult = Type.Object({
  type: Type.String(),
  id: Type.String(),
  properties: Type.Object({ enterprise: Type.String(), roles: Type.Optional(Type.Array(Type.String())) }),
});

export const OAuthError = Type.Object({ error: Type.String(), error_description: Type.Optional(Type.String()) });

export type EvaluationsBody = Static<typeof EvaluationsRequest>;
