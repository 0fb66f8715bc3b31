import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { listIneligibleAppointments } from '../../app/list-ineligible-appointments.ts';
import { decideRegisterReview, listRegisterReviews } from '../../app/register-reviews.ts';
import { IdentifierString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** The registers changed underneath the chain (issue 8): what needs the enterprise's attention. */
export function registerChangeRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/enterprises/:en/ineligible-appointments',
      {
        schema: {
          tags: ['access managers'],
          summary:
            'Active appointments whose holder the registers no longer back (no longer employee nor legal representative, or the enterprise stopped)',
          params: Type.Object({ en: IdentifierString('enterprise number') }),
          response: withProblems({
            200: Type.Object({
              enterprise: Type.String(),
              items: Type.Array(
                Type.Object({
                  id: Type.String(),
                  person: Type.String(),
                  name: N(Type.String()),
                  kind: Type.String(),
                  domain: N(Type.String()),
                  since: Type.String(),
                  reason: Type.Union([
                    Type.Literal('enterprise_stopped'),
                    Type.Literal('not_employee_nor_legal_representative'),
                  ]),
                }),
              ),
            }),
          }),
        },
      },
      async (req) => listIneligibleAppointments(deps, ctxOf(req), { enterprise: req.params.en }),
    );

    const Review = Type.Object({
      id: Type.String(),
      appointment: Type.String(),
      person: Type.String(),
      name: N(Type.String()),
      kind: Type.String(),
      reason: Type.String(),
      source: N(Type.String({ description: 'the import that caused it: import:<import_run id>' })),
      detectedAt: Type.String(),
      graceUntil: Type.String(),
      status: Type.Union([
        Type.Literal('pending'),
        Type.Literal('confirmed'),
        Type.Literal('ended'),
        Type.Literal('suspended'),
        Type.Literal('restored'),
        Type.Literal('resolved'),
      ]),
      decidedBy: N(Type.String()),
      decidedAt: N(Type.String()),
      decisionReason: N(Type.String()),
    });
    app.get(
      '/api/v1/enterprises/:en/register-reviews',
      {
        schema: {
          tags: ['access managers'],
          summary:
            'Main and co-main access managers a register change left without a basis: under review during the grace period, then confirmed, ended, suspended or restored (issue 17)',
          params: Type.Object({ en: IdentifierString('enterprise number') }),
          response: withProblems({
            200: Type.Object({ enterprise: Type.String(), items: Type.Array(Review) }),
          }),
        },
      },
      async (req) => listRegisterReviews(deps, ctxOf(req), { enterprise: req.params.en }),
    );
    for (const decision of ['confirm', 'end', 'restore'] as const) {
      app.post(
        `/api/v1/enterprises/:en/register-reviews/:id/${decision}`,
        {
          schema: {
            tags: ['access managers'],
            summary: {
              confirm:
                'A legal representative keeps the main/co-main access manager despite the register (reason required)',
              end: 'A legal representative ends the appointment under review (or suspended)',
              restore: 'A legal representative restores a suspended appointment (reason required)',
            }[decision],
            params: Type.Object({
              en: IdentifierString('enterprise number'),
              id: Type.String({ format: 'uuid', maxLength: 36 }),
            }),
            body: Type.Object(
              { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
              { additionalProperties: false },
            ),
            response: withProblems({ 200: Type.Object({ id: Type.String(), status: Type.String() }) }),
          },
        },
        async (req) =>
          decideRegisterReview(deps, ctxOf(req), {
            enterprise: req.params.en,
            id: req.params.id,
            decision,
            reason: req.body.reason,
          }),
      );
    }
  };
}
