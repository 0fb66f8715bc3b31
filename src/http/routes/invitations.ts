import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Deps } from '../../app/deps.ts';
import { listOpenInvitations, resendInvitation, revokeInvitation } from '../../app/manage-invitations.ts';
import { IdentifierString, withProblems } from '../schemas.ts';
import { ctxOf } from './access-managers.ts';
import { InviteeLanguage } from './grants.ts';

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const OpenInvitationSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  person: N(
    Type.String({
      description: 'the national or BIS number or eIDAS identifier the inviter gave: only that person may accept',
    }),
  ),
  service: Type.String(),
  role: N(Type.String()),
  domain: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  validUntil: N(Type.String()),
});
const En = Type.Object({ en: IdentifierString('enterprise number') });
const EnId = Type.Object({
  en: IdentifierString('enterprise number'),
  id: Type.String({ minLength: 1, maxLength: 64 }),
});

/** Open invitations of an enterprise: list, cancel, resend (issue 13, finding 8). */
export function invitationRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['users'];
    app.get(
      '/api/v1/enterprises/:en/invitations',
      {
        schema: {
          tags,
          summary: 'Open invitations (not accepted, cancelled or expired) in the domains the caller manages',
          params: En,
          response: withProblems({ 200: Type.Object({ items: Type.Array(OpenInvitationSchema) }) }),
        },
      },
      async (req) => listOpenInvitations(deps, ctxOf(req), { enterprise: req.params.en }),
    );
    app.delete(
      '/api/v1/enterprises/:en/invitations/:id',
      {
        schema: {
          tags,
          summary: 'Cancel an open invitation: its link stops working at once',
          params: EnId,
          response: withProblems({ 200: Type.Object({ invitation: OpenInvitationSchema }) }),
        },
      },
      async (req) => revokeInvitation(deps, ctxOf(req), { enterprise: req.params.en, id: req.params.id }),
    );
    app.post(
      '/api/v1/enterprises/:en/invitations/:id/resend',
      {
        schema: {
          tags,
          summary: 'Send an open invitation again, with a new link and expiry (the old link stops working)',
          params: EnId,
          // no body (as before) resends in the language chosen when it was sent
          body: Type.Union([
            Type.Object({ language: Type.Optional(InviteeLanguage) }, { additionalProperties: false }),
            Type.Null(),
          ]),
          response: withProblems({ 200: Type.Object({ invitation: OpenInvitationSchema }) }),
        },
      },
      async (req) =>
        resendInvitation(deps, ctxOf(req), {
          enterprise: req.params.en,
          id: req.params.id,
          language: req.body?.language,
        }),
    );
  };
}
