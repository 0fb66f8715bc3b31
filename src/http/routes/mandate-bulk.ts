/**
 * Mandates across many clients at once: an office's client list proposed in one upload, one
 * person granted the same services at many clients, and the list of every client the caller may
 * act for. The fan-out counts against the caller's hourly allowance (issue 13, finding 10).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../app/deps.ts';
import { grantToManyClients } from '../../app/mandates/grant-to-many-clients.ts';
import { clientsOf } from '../../app/mandates/mandate-clients.ts';
import { proposeMandatesFromCsv } from '../../app/mandates/propose-mandates-from-csv.ts';
import type { Ctx } from '../../app/shared/record.ts';
import { requireActor } from '../auth.ts';
import { DateText, IdentifierString, PersonIdString, withProblems } from '../schemas.ts';
import { BulkResult, Codes, En, Limit, type MandateApp, N, Side } from './mandate-schemas.ts';

export function mandateBulkRoutes(app: MandateApp, deps: Deps, budgeted: (req: FastifyRequest) => Ctx): void {
  const tags = ['mandates'];
  app.post(
    '/api/v1/enterprises/:en/mandates/bulk',
    {
      schema: {
        tags,
        summary:
          'Propose mandates to many enterprises: text/csv (enterprise;domains;services;validFrom;validUntil) or JSON lines; every line reported',
        params: En,
        querystring: Type.Object({ side: Type.Optional(Side) }, { additionalProperties: false }),
        body: Type.Union([
          Type.String({ maxLength: 5 * 1024 * 1024 }),
          Type.Object(
            {
              items: Type.Array(
                Type.Object(
                  {
                    enterprise: IdentifierString('the other enterprise'),
                    domains: Type.Optional(Codes('whole domains')),
                    services: Type.Optional(Codes('single services')),
                    validFrom: Type.Optional(DateText('date or date-time', 'start')),
                    validUntil: Type.Optional(DateText('date or date-time')),
                  },
                  { additionalProperties: false },
                ),
                { maxItems: 10_000 },
              ),
            },
            { additionalProperties: false },
          ),
        ]),
        response: withProblems({
          200: Type.Composite([BulkResult, Type.Object({ proposed: Type.Integer(), refused: Type.Integer() })]),
        }),
      },
    },
    async (req) => {
      const body = req.body;
      const isCsv = typeof body === 'string' && (req.headers['content-type'] ?? '').startsWith('text/');
      const text = typeof body === 'string' ? body : body.items.map((i) => JSON.stringify(i)).join('\n');
      return proposeMandatesFromCsv(deps, budgeted(req), {
        enterprise: req.params.en,
        text,
        format: isCsv ? 'csv' : 'jsonl',
        side: req.query.side,
      });
    },
  );

  app.post(
    '/api/v1/enterprises/:en/mandates/grants/bulk',
    {
      schema: {
        tags,
        summary:
          'Give one person of the office the same services at many clients at once; every (client, service) reported',
        params: En,
        body: Type.Object(
          {
            person: PersonIdString('national or BIS number, or eIDAS identifier CC/BE/identifier'),
            services: Codes('services to grant at each client'),
            clients: Type.Optional(Type.Array(IdentifierString('client enterprise number'), { maxItems: 10_000 })),
            allClients: Type.Optional(Type.Boolean({ description: 'every client whose mandate is in force' })),
            validUntil: Type.Optional(DateText('date (inclusive) or date-time')),
          },
          { additionalProperties: false },
        ),
        response: withProblems({
          200: Type.Composite([BulkResult, Type.Object({ granted: Type.Integer(), refused: Type.Integer() })]),
        }),
      },
    },
    async (req) => grantToManyClients(deps, budgeted(req), { enterprise: req.params.en, ...req.body }),
  );

  app.get(
    '/api/v1/me/clients',
    {
      schema: {
        tags,
        summary: 'Every client enterprise the caller may act for through mandates, by enterprise number, paginated',
        querystring: Type.Object(
          { limit: Type.Optional(Limit), cursor: Type.Optional(Type.String({ maxLength: 16 })) },
          { additionalProperties: false },
        ),
        response: withProblems({
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                enterprise: Type.String(),
                name: N(Type.String()),
                services: Type.Array(Type.String()),
                managedDomains: Type.Array(Type.String()),
                mandataries: Type.Array(Type.String()),
                mandates: Type.Array(
                  Type.Object({
                    id: Type.String(),
                    mandatary: Type.String(),
                    mandataryName: N(Type.String()),
                    capacity: N(
                      Type.String({ description: "the client's capacity the mandate is given for (issue 19)" }),
                    ),
                  }),
                ),
              }),
            ),
            nextCursor: N(Type.String()),
          }),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!actor.personNumber) return { items: [], nextCursor: null };
      return clientsOf(deps.db.db, actor.personNumber, deps.clock.now(), {
        limit: req.query.limit ? Number(req.query.limit) : undefined,
        cursor: req.query.cursor,
      });
    },
  );
}
