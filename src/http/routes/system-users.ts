/**
 * Systems and system users (issue 18, section 2): the vendor's registry of its software, and an
 * enterprise's system users with their grants. The check API answers for them (authzen.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import {
  createSystemUserUnderMandate,
  endSystemUserUnderMandate,
  grantSystemUserUnderMandate,
  listSystemUsersUnderMandate,
} from '../../app/mandates/system-users-under-mandate.ts';
import { createSystemUser } from '../../app/system-users/create-system-user.ts';
import { endSystemByDesk } from '../../app/system-users/end-system.ts';
import { endSystemUser } from '../../app/system-users/end-system-user.ts';
import { grantSystemUser } from '../../app/system-users/grant-system-user.ts';
import { listSystemUsers } from '../../app/system-users/list-system-users.ts';
import { revokeSystemUserGrant } from '../../app/system-users/revoke-system-user-grant.ts';
import { findSystems, listVendorSystems, registerSystem, updateSystem } from '../../app/system-users/systems.ts';
import { EnIdParams, EnParams, IdString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';
import {
  EnIdGrant,
  EnIdSu,
  GrantBody,
  GrantSchema,
  MandateGrantBody,
  SystemBody,
  SystemSchema,
  SystemUserSchema,
} from './system-user-schemas.ts';

export function systemUserRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['system users'];

    app.post(
      '/api/v1/enterprises/:en/systems',
      {
        schema: {
          tags,
          summary: 'Register a system (a software product) of this vendor enterprise: its main or co-main only',
          params: EnParams,
          body: Type.Object(SystemBody, { additionalProperties: false }),
          response: withProblems({ 201: Type.Object({ system: SystemSchema }) }),
        },
      },
      async (req, reply) => reply.code(201).send(await registerSystem(deps, ctxOf(req), req.params.en, req.body)),
    );

    app.get(
      '/api/v1/enterprises/:en/systems',
      {
        schema: {
          tags,
          summary: 'The systems this vendor enterprise registered',
          params: EnParams,
          response: withProblems({ 200: Type.Object({ systems: Type.Array(SystemSchema) }) }),
        },
      },
      async (req) => listVendorSystems(deps, ctxOf(req), req.params.en),
    );

    app.patch(
      '/api/v1/enterprises/:en/systems/:id',
      {
        schema: {
          tags,
          summary: 'Rename a system, or replace its client ids or services (the vendor only)',
          params: EnIdParams,
          body: Type.Object(
            {
              name: Type.Optional(SystemBody.name),
              clientIds: Type.Optional(SystemBody.clientIds),
              services: Type.Optional(SystemBody.services),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ system: SystemSchema }) }),
        },
      },
      async (req) => updateSystem(deps, ctxOf(req), req.params.en, req.params.id, req.body),
    );

    app.get(
      '/api/v1/systems',
      {
        schema: {
          tags,
          summary: 'Find registered systems by a part of their name or an exact client id',
          querystring: Type.Object(
            { q: Type.String({ minLength: 1, maxLength: 400 }) },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ systems: Type.Array(SystemSchema) }) }),
        },
      },
      async (req) => findSystems(deps, ctxOf(req), req.query.q),
    );

    app.get(
      '/api/v1/enterprises/:en/system-users',
      {
        schema: {
          tags,
          summary:
            "The enterprise's system users and their grants: its own, and those a mandate's holder created for it (with the mandate)",
          params: EnParams,
          response: withProblems({ 200: Type.Object({ systemUsers: Type.Array(SystemUserSchema) }) }),
        },
      },
      async (req) => listSystemUsers(deps, ctxOf(req), req.params.en),
    );

    app.post(
      '/api/v1/enterprises/:en/system-users',
      {
        schema: {
          tags,
          summary: 'Let a registered system act for this enterprise (then grant it services)',
          params: EnParams,
          body: Type.Object({ system: IdString }, { additionalProperties: false }),
          response: withProblems({ 201: Type.Object({ systemUser: SystemUserSchema }) }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(await createSystemUser(deps, ctxOf(req), req.params.en, req.body.system)),
    );

    app.delete(
      '/api/v1/enterprises/:en/system-users/:id',
      {
        schema: {
          tags,
          summary: 'End a system user: its grants are revoked (main or co-main)',
          params: EnIdParams,
          response: withProblems({ 200: Type.Object({ systemUser: SystemUserSchema }) }),
        },
      },
      async (req) => endSystemUser(deps, ctxOf(req), req.params.en, req.params.id),
    );

    app.post(
      '/api/v1/enterprises/:en/system-users/:id/grants',
      {
        schema: {
          tags,
          summary: "Grant the system user one of its system's services (or a role of it), as to a person",
          params: EnIdParams,
          body: GrantBody,
          response: withProblems({ 201: Type.Object({ grant: GrantSchema }) }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(await grantSystemUser(deps, ctxOf(req), req.params.en, req.params.id, req.body)),
    );

    app.delete(
      '/api/v1/enterprises/:en/system-users/:id/grants/:grantId',
      {
        schema: {
          tags,
          summary: "Revoke a system user's grant, immediately",
          params: EnIdGrant,
          response: withProblems({ 200: Type.Object({ grant: GrantSchema }) }),
        },
      },
      async (req) => revokeSystemUserGrant(deps, ctxOf(req), req.params.en, req.params.id, req.params.grantId),
    );

    const mtags = ['system users', 'mandates'];
    app.get(
      '/api/v1/enterprises/:en/mandates/:id/system-users',
      {
        schema: {
          tags: mtags,
          summary: 'The system users the holder created for the client under this mandate',
          params: EnIdParams,
          response: withProblems({ 200: Type.Object({ systemUsers: Type.Array(SystemUserSchema) }) }),
        },
      },
      async (req) => listSystemUsersUnderMandate(deps, ctxOf(req), { enterprise: req.params.en, id: req.params.id }),
    );

    app.post(
      '/api/v1/enterprises/:en/mandates/:id/system-users',
      {
        schema: {
          tags: mtags,
          summary:
            "The holder lets a system act for the client, within the mandate (the holder's main, co-main or client manager)",
          params: EnIdParams,
          body: Type.Object({ system: IdString }, { additionalProperties: false }),
          response: withProblems({ 201: Type.Object({ systemUser: SystemUserSchema }) }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await createSystemUserUnderMandate(deps, ctxOf(req), {
            enterprise: req.params.en,
            id: req.params.id,
            system: req.body.system,
          }),
        ),
    );

    app.post(
      '/api/v1/enterprises/:en/mandates/:id/system-users/:su/grants',
      {
        schema: {
          tags: mtags,
          summary: "Grant the client's system user a service within the mandate's scope, ending at the latest with it",
          params: EnIdSu,
          body: MandateGrantBody,
          response: withProblems({ 201: Type.Object({ grant: GrantSchema }) }),
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await grantSystemUserUnderMandate(deps, ctxOf(req), {
            enterprise: req.params.en,
            id: req.params.id,
            systemUser: req.params.su,
            ...req.body,
          }),
        ),
    );

    app.delete(
      '/api/v1/enterprises/:en/mandates/:id/system-users/:su',
      {
        schema: {
          tags: mtags,
          summary: 'End a system user created under the mandate: its grants are revoked',
          params: EnIdSu,
          response: withProblems({ 200: Type.Object({ systemUser: SystemUserSchema }) }),
        },
      },
      async (req) =>
        endSystemUserUnderMandate(deps, ctxOf(req), {
          enterprise: req.params.en,
          id: req.params.id,
          systemUser: req.params.su,
        }),
    );

    app.post(
      '/api/v1/service-desk/systems/:id/end',
      {
        schema: {
          tags: ['system users', 'service desk'],
          summary:
            'The service desk ends a system (compromised, or registered with client ids not its own): its system users end, its client ids are released',
          params: Type.Object({ id: IdString }),
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 1000, description: 'at most 500 characters' }) },
            { additionalProperties: false },
          ),
          response: withProblems({
            200: Type.Object({ system: SystemSchema, systemUsersEnded: Type.Integer() }),
          }),
        },
      },
      async (req) => endSystemByDesk(deps, ctxOf(req), { system: req.params.id, reason: req.body.reason }),
    );
  };
}
