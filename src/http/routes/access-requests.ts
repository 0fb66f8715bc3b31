import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { askAccess } from '../../app/access-requests/ask-access.ts';
import { approveAccessRequest, refuseAccessRequest } from '../../app/access-requests/decide-access-request.ts';
import { listInbox, listMyAccessRequests } from '../../app/access-requests/list-access-requests.ts';
import { withdrawAccessRequest } from '../../app/access-requests/withdraw-access-request.ts';
import type { Deps } from '../../app/deps.ts';
import { MESSAGE_MAX, REASON_MAX } from '../../domain/access-request-rules.ts';
import { CharText, DateText, EnIdParams, EnParams, IdString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.Union(
  [
    Type.Literal('open'),
    Type.Literal('approved'),
    Type.Literal('refused'),
    Type.Literal('withdrawn'),
    Type.Literal('expired'),
  ],
  { description: 'its state now: an open request past its expiry is expired' },
);
const RequestSchema = Type.Object({
  id: Type.String(),
  enterprise: Type.String(),
  requester: Type.String(),
  requesterName: N(Type.String()),
  kind: Type.Union([Type.Literal('service'), Type.Literal('access_manager')]),
  domain: Type.String(),
  service: N(Type.String()),
  role: N(Type.String()),
  message: Type.String(),
  wishedUntil: N(Type.String()),
  status: Status,
  createdAt: Type.String(),
  expiresAt: Type.String(),
  decidedAt: N(Type.String()),
  decidedBy: N(Type.String()),
  reason: N(Type.String({ description: 'why it was refused' })),
  grantedUntil: N(Type.String()),
  result: N(Type.String({ description: 'the grant or appointment an approval created' })),
});

export function accessRequestRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['access requests'];
    // approve may come without a body: read it as an empty one
    app.addHook('preValidation', async (req) => {
      if (req.method === 'POST' && req.body === undefined) req.body = {};
    });

    app.post(
      '/api/v1/enterprises/:en/access-requests',
      {
        schema: {
          tags,
          summary: 'Ask the enterprise for an online service (or a role of it), or to be access manager of a domain',
          params: EnParams,
          body: Type.Object(
            {
              service: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
              role: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              accessManagerOf: Type.Optional(
                Type.String({ minLength: 1, maxLength: 64, description: 'a domain code' }),
              ),
              message: CharText(
                MESSAGE_MAX,
                `why you need it, for the people who decide (at most ${MESSAGE_MAX} characters)`,
              ),
              validUntil: Type.Optional(DateText('the end date you wish; the approver chooses')),
              email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
              phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 201: Type.Object({ request: RequestSchema, notified: Type.Integer() }) }),
        },
      },
      async (req, reply) => {
        const r = await askAccess(deps, ctxOf(req), { enterprise: req.params.en, ...req.body });
        return reply.code(201).send({ request: r.request, notified: r.notified });
      },
    );

    app.get(
      '/api/v1/enterprises/:en/access-requests',
      {
        schema: {
          tags,
          summary: 'The inbox: requests the caller could decide now (open ones unless state=decided)',
          params: EnParams,
          querystring: Type.Object(
            { state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('decided')])) },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ requests: Type.Array(RequestSchema) }) }),
        },
      },
      async (req) => listInbox(deps, ctxOf(req), { enterprise: req.params.en, state: req.query.state }),
    );

    app.post(
      '/api/v1/enterprises/:en/access-requests/:id/approve',
      {
        schema: {
          tags,
          summary: 'Approve: creates the grant or appointment, as a direct one would, on request of the requester',
          params: EnIdParams,
          body: Type.Object(
            {
              validUntil: Type.Optional(
                Type.Union([DateText('the end date; default the one wished; null for none'), Type.Null()]),
              ),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ request: RequestSchema }) }),
        },
      },
      async (req) =>
        approveAccessRequest(deps, ctxOf(req), { enterprise: req.params.en, id: req.params.id, ...req.body }),
    );

    app.post(
      '/api/v1/enterprises/:en/access-requests/:id/refuse',
      {
        schema: {
          tags,
          summary: 'Refuse, with a reason the requester reads',
          params: EnIdParams,
          body: Type.Object(
            { reason: CharText(REASON_MAX, `at most ${REASON_MAX} characters`) },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ request: RequestSchema }) }),
        },
      },
      async (req) =>
        refuseAccessRequest(deps, ctxOf(req), { enterprise: req.params.en, id: req.params.id, ...req.body }),
    );

    app.get(
      '/api/v1/me/access-requests',
      {
        schema: {
          tags,
          summary: "The caller's own access requests, at every enterprise, newest first",
          querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
          response: withProblems({ 200: Type.Object({ requests: Type.Array(RequestSchema) }) }),
        },
      },
      async (req) => listMyAccessRequests(deps, ctxOf(req), { status: req.query.status }),
    );

    app.post(
      '/api/v1/me/access-requests/:id/withdraw',
      {
        schema: {
          tags,
          summary: 'Withdraw one of your own open requests',
          params: Type.Object({ id: IdString }),
          body: Type.Object({}, { additionalProperties: false }),
          response: withProblems({ 200: Type.Object({ request: RequestSchema }) }),
        },
      },
      async (req) => withdrawAccessRequest(deps, ctxOf(req), { id: req.params.id }),
    );
  };
}
