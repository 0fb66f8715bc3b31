import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { appointAccessManager, removeAccessManager } from '../../app/appoint-access-manager.ts';
import { appointMainAccessManager } from '../../app/appoint-main-access-manager.ts';
import type { Deps } from '../../app/deps.ts';
import { listAccessManagers } from '../../app/list-access-managers.ts';
import { removeMainAccessManager } from '../../app/remove-main-access-manager.ts';
import type { Ctx } from '../../app/shared/record.ts';
import type { AppointmentTable } from '../../infra/db/schema.ts';
import { requireActor } from '../auth.ts';
import { DateText, IdentifierString, PersonIdString, withProblems } from '../schemas.ts';

export function ctxOf(request: FastifyRequest): Ctx {
  return { actor: requireActor(request), requestId: request.id };
}

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AppointmentSchema = Type.Object({
  id: Type.String(),
  enterprise: Type.String(),
  person: Type.String(),
  kind: Type.String({ description: 'main, co_main or domain' }),
  domain: Nullable(Type.String()),
  email: Type.String(),
  phone: Type.String(),
  procedure: Type.String({ description: 'standard or exception' }),
  appointedBy: Nullable(Type.String()),
  appointedByRole: Type.String(),
  createdAt: Type.String(),
  validFrom: Type.String(),
  validUntil: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
});

export function appointmentView(a: AppointmentTable) {
  return {
    id: a.id,
    enterprise: a.enterprise_number,
    person: a.person_number,
    kind: a.kind,
    domain: a.domain || null,
    email: a.email,
    phone: a.phone,
    procedure: a.procedure,
    appointedBy: a.appointed_by,
    appointedByRole: a.appointed_by_role,
    createdAt: a.created_at,
    validFrom: a.valid_from,
    validUntil: a.valid_until,
    endedAt: a.ended_at,
  };
}

const ManagerView = Type.Object({
  id: Type.String(),
  person: Type.String(),
  name: Nullable(Type.String()),
  email: Type.String(),
  phone: Type.String(),
  domain: Nullable(Type.String()),
  procedure: Type.String(),
  appointedBy: Nullable(Type.String()),
  appointedByName: Nullable(Type.String({ description: "the appointer's name, where the register knows it" })),
  appointedByRole: Type.String(),
  since: Type.String(),
  validUntil: Nullable(Type.String()),
});

const En = Type.Object({ en: IdentifierString('enterprise number, any accepted spelling') });
const EnPerson = Type.Object({
  en: IdentifierString('enterprise number'),
  person: PersonIdString('national or BIS number, or eIDAS identifier CC/BE/identifier'),
});
const EnDomain = Type.Object({
  en: IdentifierString('enterprise number'),
  domain: Type.String({ minLength: 1, maxLength: 64 }),
});
const EnDomainPerson = Type.Object({
  en: IdentifierString('enterprise number'),
  domain: Type.String({ minLength: 1, maxLength: 64 }),
  person: PersonIdString('national or BIS number, or eIDAS identifier CC/BE/identifier'),
});
const Contact = {
  person: PersonIdString('national or BIS number, or eIDAS identifier CC/BE/identifier of the appointee'),
  email: Type.String({ minLength: 3, maxLength: 254 }),
  phone: Type.String({ minLength: 6, maxLength: 32 }),
};
const ManagerBody = Type.Object(
  { ...Contact, validUntil: Type.Optional(DateText('date (inclusive) or date-time')) },
  { additionalProperties: false },
);
const Ended = Type.Object({ ended: AppointmentSchema, remainingInScope: Type.Optional(Type.Integer()) });

export function accessManagerRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['access managers'];
    app.get(
      '/api/v1/enterprises/:en/access-managers',
      {
        schema: {
          tags,
          summary: 'The main, co-main and domain access managers of the enterprise',
          params: En,
          response: withProblems({
            200: Type.Object({
              enterprise: Type.String(),
              main: Type.Union([ManagerView, Type.Null()]),
              coMain: Type.Array(ManagerView),
              domains: Type.Record(Type.String(), Type.Array(ManagerView)),
            }),
          }),
        },
      },
      async (req) => listAccessManagers(deps, ctxOf(req), { enterprise: req.params.en }),
    );

    app.put(
      '/api/v1/enterprises/:en/main-access-manager',
      {
        schema: {
          tags,
          summary: 'Appoint or replace the main access manager (legal representative, high assurance)',
          params: En,
          body: Type.Object(Contact, { additionalProperties: false }),
          response: withProblems({
            200: Type.Object({
              appointment: AppointmentSchema,
              replaced: Type.Union([AppointmentSchema, Type.Null()]),
            }),
          }),
        },
      },
      async (req) => {
        const r = await appointMainAccessManager(deps, ctxOf(req), { enterprise: req.params.en, ...req.body });
        return {
          appointment: appointmentView(r.appointment),
          replaced: r.replaced ? appointmentView(r.replaced) : null,
        };
      },
    );

    app.delete(
      '/api/v1/enterprises/:en/main-access-manager',
      {
        schema: {
          tags,
          summary: 'Remove the main access manager (legal representative, high assurance)',
          params: En,
          response: withProblems({ 200: Ended }),
        },
      },
      async (req) => {
        const r = await removeMainAccessManager(deps, ctxOf(req), { enterprise: req.params.en });
        return { ended: appointmentView(r.ended) };
      },
    );

    app.post(
      '/api/v1/enterprises/:en/co-main-access-managers',
      {
        schema: {
          tags,
          summary: 'Appoint a co-main access manager (main access manager only)',
          params: En,
          body: ManagerBody,
          response: withProblems({ 201: Type.Object({ appointment: AppointmentSchema }) }),
        },
      },
      async (req, reply) => {
        const r = await appointAccessManager(deps, ctxOf(req), {
          enterprise: req.params.en,
          kind: 'co_main',
          ...req.body,
        });
        return reply.code(201).send({ appointment: appointmentView(r.appointment) });
      },
    );

    app.delete(
      '/api/v1/enterprises/:en/co-main-access-managers/:person',
      {
        schema: {
          tags,
          summary: 'Remove a co-main access manager (main access manager only)',
          params: EnPerson,
          response: withProblems({ 200: Ended }),
        },
      },
      async (req) => {
        const r = await removeAccessManager(deps, ctxOf(req), {
          enterprise: req.params.en,
          kind: 'co_main',
          person: req.params.person,
        });
        return { ended: appointmentView(r.ended), remainingInScope: r.remainingInScope };
      },
    );

    app.post(
      '/api/v1/enterprises/:en/domains/:domain/access-managers',
      {
        schema: {
          tags,
          summary: 'Appoint an access manager for one domain (main or co-main access manager)',
          params: EnDomain,
          body: ManagerBody,
          response: withProblems({ 201: Type.Object({ appointment: AppointmentSchema }) }),
        },
      },
      async (req, reply) => {
        const r = await appointAccessManager(deps, ctxOf(req), {
          enterprise: req.params.en,
          kind: 'domain',
          domain: req.params.domain,
          ...req.body,
        });
        return reply.code(201).send({ appointment: appointmentView(r.appointment) });
      },
    );

    app.delete(
      '/api/v1/enterprises/:en/domains/:domain/access-managers/:person',
      {
        schema: {
          tags,
          summary: 'Remove an access manager of a domain (main or co-main access manager)',
          params: EnDomainPerson,
          response: withProblems({ 200: Ended }),
        },
      },
      async (req) => {
        const r = await removeAccessManager(deps, ctxOf(req), {
          enterprise: req.params.en,
          kind: 'domain',
          domain: req.params.domain,
          person: req.params.person,
        });
        return { ended: appointmentView(r.ended), remainingInScope: r.remainingInScope };
      },
    );
  };
}
