/**
 * Mandates between enterprises (issue 9): one enterprise (the mandator) lets another (the
 * mandatary, an office) act for it. This plugin holds the mandate's own life (propose, list, read,
 * accept or reject, end) and registers the routes of who acts under it (mandate-agents.ts) and of
 * many clients at once (mandate-bulk.ts), which share its body parsers and hooks.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../app/deps.ts';
import { acceptMandate } from '../../app/mandates/accept-mandate.ts';
import { endMandate } from '../../app/mandates/end-mandate.ts';
import { getMandate, listMandates } from '../../app/mandates/list-mandates.ts';
import { proposeMandate } from '../../app/mandates/propose-mandate.ts';
import { rejectMandate } from '../../app/mandates/reject-mandate.ts';
import { mandateView } from '../../app/mandates/shared.ts';
import { DateText, IdentifierString, withProblems } from '../schemas.ts';
import type { UsageLimits } from '../usage-limits.ts';
import { ctxOf } from './access-managers.ts';
import { mandateAgentRoutes } from './mandate-agents.ts';
import { mandateBulkRoutes } from './mandate-bulk.ts';
import { AgentSchema, Codes, En, EnId, Limit, MandateSchema, N, Reason, Side } from './mandate-schemas.ts';

export function mandateRoutes(deps: Deps, limits: UsageLimits): FastifyPluginAsyncTypebox {
  // the changes that fan out count against the caller's hourly allowance (issue 13, finding 10)
  const budgeted = (req: FastifyRequest) => limits.withMandateBudget(ctxOf(req));
  return async (app) => {
    const tags = ['mandates'];
    // Offices upload their client lists as spreadsheets or JSON lines (scoped to this plugin).
    app.addContentTypeParser(
      ['text/csv', 'application/x-ndjson', 'application/jsonl'],
      { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    // accept, reject and end may come without a body: read it as an empty one
    app.addHook('preValidation', async (req) => {
      if (req.method === 'POST' && req.body === undefined) req.body = {};
    });

    app.post(
      '/api/v1/enterprises/:en/mandates',
      {
        schema: {
          tags,
          summary: 'Propose a mandate to another enterprise: it works once the other side accepts',
          params: En,
          body: Type.Object(
            {
              mandator: Type.Optional(IdentifierString('the client, when the caller is the office')),
              mandatary: Type.Optional(IdentifierString('the office, when the caller is the client')),
              domains: Type.Optional(Codes('whole domains')),
              services: Type.Optional(Codes('single services')),
              validFrom: Type.Optional(DateText('date or date-time; default now', 'start')),
              validUntil: Type.Optional(
                DateText('date (inclusive) or date-time; default the longest term the domains allow'),
              ),
              capacity: Type.Optional(
                Type.String({
                  maxLength: 32,
                  description:
                    "issue 19: the mandator's capacity it is given for (employer, social_secretariat, service_provider); required when a named service needs one",
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 201: Type.Object({ mandate: MandateSchema }) }),
        },
      },
      async (req, reply) => {
        const r = await proposeMandate(deps, budgeted(req), { enterprise: req.params.en, ...req.body });
        return reply.code(201).send({ mandate: mandateView(r.mandate) });
      },
    );

    app.get(
      '/api/v1/enterprises/:en/mandates',
      {
        schema: {
          tags,
          summary:
            'Mandates of the enterprise: who acts for it (side=mandator) or its clients (side=mandatary), paginated',
          params: En,
          querystring: Type.Object(
            {
              side: Side,
              status: Type.Optional(Type.Union(['open', 'proposed', 'active', 'all'].map((s) => Type.Literal(s)))),
              limit: Type.Optional(Limit),
              cursor: Type.Optional(Type.String({ maxLength: 64 })),
            },
            { additionalProperties: false },
          ),
          response: withProblems({
            200: Type.Object({
              items: Type.Array(
                Type.Composite([
                  MandateSchema,
                  Type.Object({ counterpartName: N(Type.String()), agents: Type.Array(AgentSchema) }),
                ]),
              ),
              nextCursor: N(Type.String()),
            }),
          }),
        },
      },
      async (req) =>
        listMandates(deps, ctxOf(req), {
          enterprise: req.params.en,
          side: req.query.side,
          status: req.query.status as 'open' | undefined,
          limit: req.query.limit ? Number(req.query.limit) : undefined,
          cursor: req.query.cursor,
        }),
    );

    app.get(
      '/api/v1/enterprises/:en/mandates/:id',
      {
        schema: {
          tags,
          summary: 'One mandate, with who acts under it now',
          params: EnId,
          response: withProblems({
            200: Type.Object({
              mandate: Type.Composite([
                MandateSchema,
                Type.Object({
                  mandatorName: N(Type.String()),
                  mandataryName: N(Type.String()),
                  agents: Type.Array(AgentSchema),
                }),
              ]),
              side: Side,
            }),
          }),
        },
      },
      async (req) => getMandate(deps, ctxOf(req), { enterprise: req.params.en, id: req.params.id }),
    );

    for (const [verb, summary] of [
      ['accept', 'The other side accepts a proposed mandate'],
      ['reject', 'The other side refuses a proposed mandate'],
    ] as const) {
      app.post(
        `/api/v1/enterprises/:en/mandates/:id/${verb}`,
        {
          schema: {
            tags,
            summary,
            params: EnId,
            body: Reason,
            response: withProblems({ 200: Type.Object({ mandate: MandateSchema }) }),
          },
        },
        async (req) => {
          const input = { enterprise: req.params.en, id: req.params.id, reason: req.body.reason };
          const r =
            verb === 'accept'
              ? await acceptMandate(deps, ctxOf(req), input)
              : await rejectMandate(deps, ctxOf(req), input);
          return { mandate: mandateView(r.mandate) };
        },
      );
    }

    app.post(
      '/api/v1/enterprises/:en/mandates/:id/end',
      {
        schema: {
          tags,
          summary: 'End a mandate (or withdraw a proposal), effective immediately, with every right derived from it',
          params: EnId,
          body: Reason,
          response: withProblems({
            200: Type.Object({
              mandate: MandateSchema,
              endedAppointments: Type.Integer(),
              revokedGrants: Type.Integer(),
            }),
          }),
        },
      },
      async (req) => {
        const r = await endMandate(deps, budgeted(req), {
          enterprise: req.params.en,
          id: req.params.id,
          reason: req.body.reason,
        });
        return {
          mandate: mandateView(r.mandate),
          endedAppointments: r.endedAppointments,
          revokedGrants: r.revokedGrants,
        };
      },
    );

    mandateAgentRoutes(app, deps);
    mandateBulkRoutes(app, deps, budgeted);
  };
}
