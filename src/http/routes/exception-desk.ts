/**
 * The service desk's side of the exception procedure. Every route needs a logged-in operator
 * (substantial or higher); the use cases check it first, so a non-operator gets 403 everywhere.
 * Every audited look-up is a POST: no GET here writes anything (issue 13, finding 9).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { decideExceptionRequest } from '../../app/exception/decide-exception-request.ts';
import { getExceptionRequest } from '../../app/exception/get-exception-request.ts';
import { listEndingSoon } from '../../app/exception/list-ending-soon.ts';
import { listExceptionQueue } from '../../app/exception/list-exception-queue.ts';
import { lookupEnterpriseManagers } from '../../app/exception/lookup-enterprise-managers.ts';
import { openExceptionAttachment, readExceptionAttachment } from '../../app/exception/view-exception-attachment.ts';
import { IdentifierString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';
import {
  DecisionBody,
  DecisionResult,
  EndingSoonResult,
  LookupResult,
  QueueItem,
  Reason,
  RequestPage,
} from './exception-schemas.ts';

const Id = Type.String({ minLength: 1, maxLength: 36 });
/** Body limits per route (issue 13, finding 15): what the schema can hold, every character escaped. */
const DECISION_JSON = 64 * 1024;
const SMALL_JSON = 4 * 1024;

export function exceptionDeskRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['service desk'];

    app.get(
      '/api/v1/service-desk/exception-requests',
      {
        schema: {
          tags,
          summary: 'The queue: oldest first, with the working days left against the target',
          querystring: Type.Object(
            {
              status: Type.Optional(Type.String({ maxLength: 24, description: 'one status; default: all open ones' })),
              reason: Type.Optional(Reason),
              enterprise: Type.Optional(IdentifierString('enterprise number')),
              minAgeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ items: Type.Array(QueueItem) }) }),
        },
      },
      async (request) => listExceptionQueue(deps, ctxOf(request), request.query),
    );

    app.post(
      '/api/v1/service-desk/exception-requests/:id/views',
      {
        schema: {
          tags,
          summary: "Open a request's page (audited as a look-up, hence a POST)",
          params: Type.Object({ id: Id }),
          response: withProblems({ 200: RequestPage }),
        },
      },
      async (request) => getExceptionRequest(deps, ctxOf(request), { id: request.params.id }),
    );

    app.post(
      '/api/v1/service-desk/exception-requests/:id/attachments/:attachmentId/views',
      {
        schema: {
          tags,
          summary: 'Open an attachment (audited): a link that shows it, for this operator only, valid one minute',
          params: Type.Object({ id: Id, attachmentId: Id }),
          response: withProblems({
            200: Type.Object({
              url: Type.String(),
              expiresAt: Type.String(),
              contentType: Type.String(),
              filename: Type.String(),
            }),
          }),
        },
      },
      async (request) =>
        openExceptionAttachment(deps, ctxOf(request), {
          requestId: request.params.id,
          attachmentId: request.params.attachmentId,
        }),
    );

    app.get(
      '/api/v1/service-desk/exception-requests/:id/attachments/:attachmentId',
      {
        schema: {
          tags,
          summary: 'An attachment, inline, through the link its opening returned (writes nothing)',
          params: Type.Object({ id: Id, attachmentId: Id }),
          querystring: Type.Object(
            { token: Type.String({ minLength: 1, maxLength: 100 }) },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
        },
      },
      async (request, reply) => {
        const a = await readExceptionAttachment(deps, ctxOf(request), {
          requestId: request.params.id,
          attachmentId: request.params.attachmentId,
          token: request.query.token,
        });
        return reply
          .type(a.contentType)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
          .header('cache-control', 'no-store')
          .send(a.bytes);
      },
    );

    app.post(
      '/api/v1/service-desk/exception-requests/:id/decisions',
      {
        bodyLimit: DECISION_JSON,
        schema: {
          tags,
          summary:
            'Ask for information, reject with a reason, approve, or confirm another operator’s approval (four eyes)',
          params: Type.Object({ id: Id }),
          body: DecisionBody,
          response: withProblems({ 200: DecisionResult }),
        },
      },
      async (request) => {
        const r = await decideExceptionRequest(deps, ctxOf(request), { id: request.params.id, ...request.body });
        return {
          reference: r.reference,
          status: r.status,
          appointment: r.appointment
            ? { id: r.appointment.id, person: r.appointment.person_number, procedure: r.appointment.procedure }
            : null,
        };
      },
    );

    app.post(
      '/api/v1/service-desk/enterprises/:en/managers/look-ups',
      {
        bodyLimit: SMALL_JSON,
        schema: {
          tags,
          summary: "Look up an enterprise's access managers (audited on the enterprise, hence a POST)",
          params: Type.Object({ en: IdentifierString('enterprise number') }),
          body: Type.Object(
            {
              purpose: Type.Optional(
                Type.String({ maxLength: 200, description: 'why the look-up, for the audit log' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: LookupResult }),
        },
      },
      async (request) =>
        lookupEnterpriseManagers(deps, ctxOf(request), {
          enterprise: request.params.en,
          purpose: request.body.purpose,
        }),
    );

    app.post(
      '/api/v1/service-desk/enterprises/:en/ending-soon/look-ups',
      {
        bodyLimit: SMALL_JSON,
        schema: {
          tags,
          summary:
            'What ends at an enterprise in the next 30 days, and why (audited on the enterprise, hence a POST; issue 17)',
          params: Type.Object({ en: IdentifierString('enterprise number') }),
          body: Type.Object(
            {
              purpose: Type.Optional(
                Type.String({ maxLength: 200, description: 'why the look-up, for the audit log' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: EndingSoonResult }),
        },
      },
      async (request) =>
        listEndingSoon(deps, ctxOf(request), { enterprise: request.params.en, purpose: request.body.purpose }),
    );
  };
}
