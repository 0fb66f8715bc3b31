import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { getMe } from '../../app/get-me.ts';
import { listAudit } from '../../app/list-audit.ts';
import { brusselsDateTime } from '../../domain/brussels-time.ts';
import { DateText, IdentifierString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Link = Type.Object({
  kind: Type.String(),
  role: Type.String(),
  person: N(Type.String()),
  name: Type.Optional(N(Type.String({ description: "the person's name, where known" }))),
  domain: Type.Optional(N(Type.String())),
  procedure: Type.Optional(Type.String()),
  since: Type.Optional(Type.String()),
  validUntil: Type.Optional(N(Type.String())),
  endedAt: Type.Optional(N(Type.String())),
  onRequestOf: Type.Optional(Type.String({ description: 'granted or appointed on request of this person (issue 18)' })),
  accessRequest: Type.Optional(Type.String()),
});

const AuditItem = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: N(Type.String()),
  actorName: N(Type.String({ description: "the actor's name, where the register knows it" })),
  actorRole: N(Type.String()),
  action: Type.String(),
  target: N(Type.String()),
  targetName: N(
    Type.String({
      description:
        'the name of the person the target starts with, or of the system a system, system user or system-user request event concerns, where known',
    }),
  ),
  before: Type.Any(),
  after: Type.Any(),
  procedure: N(Type.String()),
  requestId: N(Type.String()),
});

export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote everything, and defuse spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function meRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/me',
      {
        schema: {
          tags: ['me'],
          summary: 'The caller, the enterprises they act for, their roles and services, with the chain behind each',
          response: withProblems({
            200: Type.Object({
              person: N(Type.String()),
              foreignId: N(Type.String()),
              loa: Type.String(),
              means: Type.String(),
              familyName: N(Type.String()),
              givenName: N(Type.String()),
              enterprises: Type.Array(
                Type.Object({
                  enterprise: Type.String(),
                  name: Type.String(),
                  isActive: Type.Boolean(),
                  roles: Type.Array(
                    Type.Object({
                      role: Type.Union([
                        Type.Literal('legal_representative'),
                        Type.Literal('main'),
                        Type.Literal('co_main'),
                        Type.Literal('domain'),
                      ]),
                      domain: Type.Optional(Type.String()),
                      validUntil: Type.Optional(N(Type.String())),
                      procedure: Type.Optional(Type.String()),
                      chain: Type.Array(Link),
                    }),
                  ),
                  services: Type.Array(
                    Type.Object({
                      grant: Type.String(),
                      service: Type.String(),
                      role: N(Type.String()),
                      domain: Type.String(),
                      validFrom: Type.String(),
                      validUntil: N(Type.String()),
                      chain: Type.Array(Link),
                    }),
                  ),
                  stoppedRoles: Type.Array(Type.String()),
                }),
              ),
            }),
          }),
        },
      },
      async (req) => getMe(deps, ctxOf(req)),
    );

    app.get(
      '/api/v1/enterprises/:en/audit',
      {
        schema: {
          tags: ['audit'],
          summary: "The enterprise's history: who did what, on whose authority (JSON, or CSV with format=csv)",
          params: Type.Object({ en: IdentifierString('enterprise number') }),
          querystring: Type.Object(
            {
              action: Type.Optional(Type.String({ maxLength: 64 })),
              actor: Type.Optional(Type.String({ maxLength: 64 })),
              from: Type.Optional(DateText('events at or after this date or date-time', 'start')),
              to: Type.Optional(DateText('events up to and including this date or date-time')),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
              before: Type.Optional(Type.Integer({ minimum: 1 })),
              format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
            },
            { additionalProperties: false },
          ),
          response: withProblems({
            200: Type.Object({ items: Type.Array(AuditItem), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }),
          }),
        },
      },
      async (req, reply) => {
        const { format, ...filters } = req.query;
        const page = await listAudit(deps, ctxOf(req), { enterprise: req.params.en, ...filters });
        if (format !== 'csv') return page;
        // `at` is the instant (UTC); `atBrussels` the Brussels wall-clock time a reader expects (issue 14, item 2)
        const header = [
          'seq',
          'at',
          'atBrussels',
          'actor',
          'actorRole',
          'action',
          'target',
          'procedure',
          'before',
          'after',
          'requestId',
        ];
        const lines = [header.join(',')].concat(
          page.items.map((i) =>
            [
              i.seq,
              i.at,
              brusselsDateTime(new Date(i.at)),
              i.actor,
              i.actorRole,
              i.action,
              i.target,
              i.procedure,
              i.before,
              i.after,
              i.requestId,
            ]
              .map(csvCell)
              .join(','),
          ),
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="audit-${page.items[0]?.seq ?? 0}.csv"`)
          .serializer((x: string) => x)
          .send(`${lines.join('\r\n')}\r\n` as never);
      },
    );
  };
}
