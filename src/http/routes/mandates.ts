import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../app/deps.ts';
import { acceptMandate } from '../../app/mandates/accept-mandate.ts';
import { appointClientManager, removeClientManager } from '../../app/mandates/appoint-client-manager.ts';
import { endMandate } from '../../app/mandates/end-mandate.ts';
import { grantToManyClients } from '../../app/mandates/grant-to-many-clients.ts';
import { grantUnderMandate, revokeMandateGrant } from '../../app/mandates/grant-under-mandate.ts';
import { getMandate, listMandates } from '../../app/mandates/list-mandates.ts';
import { clientsOf } from '../../app/mandates/mandate-access.ts';
import { proposeMandate } from '../../app/mandates/propose-mandate.ts';
import { proposeMandatesFromCsv } from '../../app/mandates/propose-mandates-from-csv.ts';
import { rejectMandate } from '../../app/mandates/reject-mandate.ts';
import { mandateView } from '../../app/mandates/shared.ts';
import type { AccessGrantTable } from '../../infra/db/schema.ts';
import { requireActor } from '../auth.ts';
import { DateText, IdentifierString, withProblems } from '../schemas.ts';
import type { UsageLimits } from '../usage-limits.ts';
import { AppointmentSchema, appointmentView, ctxOf } from './access-managers.ts';

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Side = Type.Union([Type.Literal('mandator'), Type.Literal('mandatary')]);
const Codes = (d: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 100, description: d });
const Id = Type.String({ minLength: 1, maxLength: 64 });
// query strings are not coerced (ajv coerceTypes off): a page size arrives as digits
const Limit = Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'page size, 1-999 (capped per endpoint)' });

const MandateSchema = Type.Object({
  id: Type.String(),
  mandator: Type.String({ description: 'enterprise A, which gives the mandate' }),
  mandatary: Type.String({ description: 'enterprise B, which acts for A' }),
  status: Type.String({ description: 'proposed, active, rejected or ended' }),
  scope: Type.Array(Type.Object({ domain: Type.String(), service: N(Type.String()) })),
  validFrom: Type.String(),
  validUntil: N(Type.String()),
  proposedBy: Type.String(),
  proposedBySide: Side,
  proposedAt: Type.String(),
  acceptedBy: N(Type.String()),
  acceptedAt: N(Type.String()),
  rejectedAt: N(Type.String()),
  endedAt: N(Type.String()),
  endedBySide: Type.Union([Side, Type.Null()]),
  endReason: N(Type.String()),
});
const AgentSchema = Type.Object({
  person: Type.String(),
  name: N(Type.String()),
  kind: Type.String({ description: 'client_manager or user' }),
  domain: N(Type.String()),
  service: N(Type.String()),
  validUntil: N(Type.String()),
  grant: N(Type.String()),
});
const GrantSchema = Type.Object({
  id: Type.String(),
  enterprise: Type.String({ description: 'the client (mandator)' }),
  person: Type.String(),
  service: Type.String(),
  role: N(Type.String()),
  domain: Type.String(),
  mandate: Type.String(),
  grantedBy: Type.String(),
  grantedByRole: Type.String(),
  validFrom: Type.String(),
  validUntil: N(Type.String()),
  revokedAt: N(Type.String()),
});
const BulkResult = Type.Object({
  items: Type.Array(
    Type.Object({
      line: Type.Integer(),
      enterprise: N(Type.String()),
      service: Type.Optional(Type.String()),
      outcome: Type.Union([Type.Literal('done'), Type.Literal('refused')]),
      id: Type.Optional(Type.String()),
      code: Type.Optional(Type.String()),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
});

function grantView(g: AccessGrantTable) {
  return {
    id: g.id,
    enterprise: g.enterprise_number,
    person: g.person_number,
    service: g.service,
    role: g.service_role || null,
    domain: g.domain,
    mandate: g.mandate_id!,
    grantedBy: g.granted_by,
    grantedByRole: g.granted_by_role,
    validFrom: g.valid_from,
    validUntil: g.valid_until,
    revokedAt: g.revoked_at,
  };
}

const En = Type.Object({ en: IdentifierString('enterprise number of the side the caller acts for') });
const EnId = Type.Object({ en: IdentifierString('enterprise number of the side the caller acts for'), id: Id });
const Reason = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

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

    app.post(
      '/api/v1/enterprises/:en/mandates/:id/client-managers',
      {
        schema: {
          tags,
          summary: "The office's main access manager appoints a client manager for this client's domains",
          params: EnId,
          body: Type.Object(
            {
              person: IdentifierString('national or BIS number: an employee or legal representative of the office'),
              email: Type.String({ minLength: 3, maxLength: 254 }),
              phone: Type.Optional(Type.String({ minLength: 6, maxLength: 32 })),
              domains: Type.Optional(Codes('default: every domain of the mandate')),
              validUntil: Type.Optional(DateText('date (inclusive) or date-time; never after the mandate')),
            },
            { additionalProperties: false },
          ),
          response: withProblems({
            201: Type.Object({
              appointments: Type.Array(Type.Composite([AppointmentSchema, Type.Object({ mandate: Type.String() })])),
            }),
          }),
        },
      },
      async (req, reply) => {
        const r = await appointClientManager(deps, ctxOf(req), {
          enterprise: req.params.en,
          id: req.params.id,
          ...req.body,
        });
        return reply
          .code(201)
          .send({ appointments: r.appointments.map((a) => ({ ...appointmentView(a), mandate: a.mandate_id! })) });
      },
    );

    app.delete(
      '/api/v1/enterprises/:en/mandates/:id/client-managers/:person',
      {
        schema: {
          tags,
          summary: "End a client manager's appointments under this mandate (grants they made stay)",
          params: Type.Object({
            en: IdentifierString('enterprise number'),
            id: Id,
            person: IdentifierString('national or BIS number'),
          }),
          querystring: Type.Object(
            { domain: Type.Optional(Type.String({ maxLength: 64 })) },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ ended: Type.Integer() }) }),
        },
      },
      async (req) =>
        removeClientManager(deps, ctxOf(req), {
          enterprise: req.params.en,
          id: req.params.id,
          person: req.params.person,
          domain: req.query.domain,
        }),
    );

    app.post(
      '/api/v1/enterprises/:en/mandates/:id/grants',
      {
        schema: {
          tags,
          summary: "A client manager gives one of the office's people access to one of the client's services",
          params: EnId,
          body: Type.Object(
            {
              person: IdentifierString('national or BIS number: an employee or legal representative of the office'),
              service: Type.String({ minLength: 1, maxLength: 128 }),
              role: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              validFrom: Type.Optional(DateText('date or date-time; default now', 'start')),
              validUntil: Type.Optional(DateText('date (inclusive) or date-time; never after the mandate')),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 201: Type.Object({ grant: GrantSchema }) }),
        },
      },
      async (req, reply) => {
        const r = await grantUnderMandate(deps, ctxOf(req), {
          enterprise: req.params.en,
          id: req.params.id,
          ...req.body,
        });
        return reply.code(201).send({ grant: grantView(r.grant) });
      },
    );

    app.delete(
      '/api/v1/enterprises/:en/mandates/:id/grants/:grant',
      {
        schema: {
          tags,
          summary: 'Revoke a grant made under this mandate, immediately',
          params: Type.Object({ en: IdentifierString('enterprise number'), id: Id, grant: Id }),
          response: withProblems({ 200: Type.Object({ grant: GrantSchema }) }),
        },
      },
      async (req) => {
        const r = await revokeMandateGrant(deps, ctxOf(req), {
          enterprise: req.params.en,
          id: req.params.id,
          grant: req.params.grant,
        });
        return { grant: grantView(r.grant) };
      },
    );

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
              person: IdentifierString('national or BIS number'),
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
                    Type.Object({ id: Type.String(), mandatary: Type.String(), mandataryName: N(Type.String()) }),
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
  };
}
