import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Deps } from '../../app/deps.ts';

export function systemRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['system'],
          summary: 'The process is up',
          response: { 200: Type.Object({ status: Type.Literal('ok') }) },
        },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['system'],
          summary: 'The process can serve: the database answers',
          response: {
            200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }),
            503: Type.Object({ status: Type.Literal('not-ready'), database: Type.String(), reason: Type.String() }),
          },
        },
      },
      async (req, reply) => {
        try {
          await sql`select 1`.execute(deps.db.db);
          return { status: 'ready' as const, database: deps.db.engine };
        } catch (e) {
          // The driver's words (host, port, user, database) are for the operator's log, not for
          // whoever asks this public endpoint.
          req.log.warn({ err: e }, 'readiness: database unreachable');
          return reply
            .code(503)
            .send({ status: 'not-ready' as const, database: deps.db.engine, reason: 'database unreachable' });
        }
      },
    );
  };
}
