import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { listIneligibleAppointments } from '../../app/list-ineligible-appointments.ts';
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
  };
}
