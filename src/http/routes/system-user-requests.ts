/**
 * A vendor's request to a customer enterprise to let its system act for it (issue 18, section 2):
 * the vendor sends, lists and withdraws its requests; the customer's approvers list, approve and
 * refuse them. docs/system-users.md has the walkthrough.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import {
  approveSystemUserRequest,
  refuseSystemUserRequest,
} from '../../app/system-user-requests/decide-system-user-request.ts';
import {
  listSentSystemUserRequests,
  listSystemUserRequests,
} from '../../app/system-user-requests/list-system-user-requests.ts';
import { sendSystemUserRequest } from '../../app/system-user-requests/send-system-user-request.ts';
import { withdrawSystemUserRequest } from '../../app/system-user-requests/withdraw-system-user-request.ts';
import { SERVICES_MAX } from '../../app/system-users/systems.ts';
import { MESSAGE_MAX, REASON_MAX } from '../../domain/access-request-rules.ts';
import { CharText, DateText, EnIdParams, EnParams, IdentifierString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const RequestSchema = Type.Object({
  id: Type.String(),
  system: Type.Object({ id: Type.String(), name: Type.String(), vendor: Type.String() }),
  enterprise: Type.String({ description: 'the customer enterprise' }),
  services: Type.Array(Type.String(), { description: 'the services the vendor wishes' }),
  message: N(Type.String()),
  wishedUntil: N(Type.String()),
  status: Type.Union(
    [
      Type.Literal('open'),
      Type.Literal('approved'),
      Type.Literal('refused'),
      Type.Literal('withdrawn'),
      Type.Literal('expired'),
    ],
    { description: 'its state now: an open request past its expiry is expired' },
  ),
  createdAt: Type.String(),
  createdBy: Type.String(),
  expiresAt: Type.String(),
  decidedAt: N(Type.String()),
  decidedBy: N(Type.String()),
  reason: N(Type.String({ description: 'why it was refused' })),
  systemUser: N(Type.String({ description: 'the system user an approval created' })),
  granted: Type.Array(Type.String(), { description: 'the services an approval granted' }),
});
const Services = Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: SERVICES_MAX });
const One = withProblems({ 200: Type.Object({ request: RequestSchema }) });
const Many = withProblems({ 200: Type.Object({ requests: Type.Array(RequestSchema) }) });

export function systemUserRequestRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['system users'];
    // approve and withdraw may come without a body: read it as an empty one
    app.addHook('preValidation', async (req) => {
      if (req.method === 'POST' && req.body === undefined) req.body = {};
    });

    app.post(
      '/api/v1/enterprises/:en/systems/:id/requests',
      {
        schema: {
          tags,
          summary: 'The vendor asks a customer enterprise to let this system act for it, with the services it wishes',
          params: EnIdParams,
          body: Type.Object(
            {
              enterprise: IdentifierString('the customer enterprise number'),
              services: Services,
              message: Type.Optional(CharText(MESSAGE_MAX, `at most ${MESSAGE_MAX} characters`)),
              validUntil: Type.Optional(DateText('the wished end date of the grants')),
            },
            { additionalProperties: false },
          ),
          response: withProblems({
            201: Type.Object({
              request: RequestSchema,
              notified: Type.Integer({ description: 'how many people at the customer were told' }),
            }),
          }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await sendSystemUserRequest(deps, ctxOf(req), {
            vendor: req.params.en,
            system: req.params.id,
            ...req.body,
          }),
        ),
    );

    app.get(
      '/api/v1/enterprises/:en/sent-system-user-requests',
      {
        schema: {
          tags,
          summary: "The vendor's requests to its customers, newest first, with their answers (main or co-main)",
          params: EnParams,
          response: Many,
        },
      },
      async (req) => listSentSystemUserRequests(deps, ctxOf(req), req.params.en),
    );

    app.post(
      '/api/v1/enterprises/:en/sent-system-user-requests/:id/withdraw',
      {
        schema: {
          tags,
          summary: 'The vendor withdraws its open request',
          params: EnIdParams,
          body: Type.Object({}, { additionalProperties: false }),
          response: One,
        },
      },
      async (req) => withdrawSystemUserRequest(deps, ctxOf(req), req.params.en, req.params.id),
    );

    app.get(
      '/api/v1/enterprises/:en/system-user-requests',
      {
        schema: {
          tags,
          summary: "Vendors' requests this person could approve: open ones first, oldest first",
          params: EnParams,
          response: Many,
        },
      },
      async (req) => listSystemUserRequests(deps, ctxOf(req), req.params.en),
    );

    app.post(
      '/api/v1/enterprises/:en/system-user-requests/:id/approve',
      {
        schema: {
          tags,
          summary: 'Approve: creates the system user and grants it the services, as the direct path does',
          params: EnIdParams,
          body: Type.Object(
            {
              services: Type.Optional(Services),
              validUntil: Type.Optional(
                Type.Union([DateText('the end date; default the one wished; null for none'), Type.Null()]),
              ),
            },
            { additionalProperties: false },
          ),
          response: One,
        },
      },
      async (req) =>
        approveSystemUserRequest(deps, ctxOf(req), { enterprise: req.params.en, id: req.params.id, ...req.body }),
    );

    app.post(
      '/api/v1/enterprises/:en/system-user-requests/:id/refuse',
      {
        schema: {
          tags,
          summary: 'Refuse, with a reason the vendor reads',
          params: EnIdParams,
          body: Type.Object(
            { reason: CharText(REASON_MAX, `at most ${REASON_MAX} characters`) },
            { additionalProperties: false },
          ),
          response: One,
        },
      },
      async (req) =>
        refuseSystemUserRequest(deps, ctxOf(req), { enterprise: req.params.en, id: req.params.id, ...req.body }),
    );
  };
}
