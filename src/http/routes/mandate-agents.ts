/**
 * Who acts under a mandate: the office's client managers, and the services granted to its
 * people at the client (issue 16). Registered inside the mandate plugin (mandates.ts).
 */
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { appointClientManager, removeClientManager } from '../../app/mandates/appoint-client-manager.ts';
import { grantUnderMandate, revokeMandateGrant } from '../../app/mandates/grant-under-mandate.ts';
import { DateText, IdentifierString, PersonIdString, withProblems } from '../schemas.ts';
import { AppointmentSchema, appointmentView, ctxOf } from './access-managers.ts';
import { Codes, EnId, GrantSchema, Id, type MandateApp, mandateGrantView } from './mandate-schemas.ts';

export function mandateAgentRoutes(app: MandateApp, deps: Deps): void {
  const tags = ['mandates'];
  app.post(
    '/api/v1/enterprises/:en/mandates/:id/client-managers',
    {
      schema: {
        tags,
        summary: "The office's main access manager appoints a client manager for this client's domains",
        params: EnId,
        body: Type.Object(
          {
            person: PersonIdString(
              'national or BIS number, or eIDAS identifier CC/BE/identifier: an employee or legal representative of the office',
            ),
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
          person: PersonIdString('national or BIS number, or eIDAS identifier CC/BE/identifier'),
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
            person: PersonIdString(
              'national or BIS number, or eIDAS identifier CC/BE/identifier: an employee or legal representative of the office',
            ),
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
      return reply.code(201).send({ grant: mandateGrantView(r.grant) });
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
      return { grant: mandateGrantView(r.grant) };
    },
  );
}
