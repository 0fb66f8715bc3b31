import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { acceptInvitation } from '../../app/accept-invitation.ts';
import { changeGrantEnd, proposeGrantExtension, revokeGrant } from '../../app/change-grant.ts';
import type { Deps } from '../../app/deps.ts';
import { grantAccess } from '../../app/grant-access.ts';
import { listGrants } from '../../app/list-grants.ts';
import { lookUpInvitation } from '../../app/look-up-invitation.ts';
import { MAX_ESTABLISHMENTS } from '../../app/shared/establishments.ts';
import { grantView } from '../../app/shared/grant-view.ts';
import { LOCALES } from '../../domain/catalogue.ts';
import { DateText, IdentifierString, PersonIdString, withProblems } from '../schemas.ts';
import type { UsageLimits } from '../usage-limits.ts';
import { ctxOf } from './access-managers.ts';

const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const GrantSchema = Type.Object({
  id: Type.String(),
  enterprise: Type.String(),
  person: Type.String(),
  service: Type.String(),
  role: N(Type.String()),
  domain: Type.String(),
  grantedBy: Type.String(),
  grantedByRole: Type.String(),
  createdAt: Type.String(),
  validFrom: Type.String(),
  validUntil: N(Type.String()),
  revokedAt: N(Type.String()),
  establishments: Type.Array(Type.String(), {
    description: 'establishment unit numbers (10 digits) the grant is limited to; empty: every unit of the enterprise',
  }),
});
const InvitationSchema = Type.Object({
  id: Type.String(),
  enterprise: Type.String(),
  email: Type.String(),
  service: Type.String(),
  role: N(Type.String()),
  expiresAt: Type.String(),
  validUntil: N(Type.String()),
});

/** issue 19: the optional limit to establishment units, on grant creation and change */
export const EstablishmentsInput = Type.Array(Type.String({ minLength: 1, maxLength: 20 }), {
  maxItems: MAX_ESTABLISHMENTS,
  description:
    'establishment unit numbers of this enterprise (2.123.456.789 or 10 digits) the grant is limited to; empty or absent: no limit',
});

/** The language of the invitation mail, chosen by the sender for the invitee (issue 16). */
export const InviteeLanguage = Type.Union(
  LOCALES.map((l) => Type.Literal(l)),
  { description: "language of the invitation mail (nl, fr, de or en); default the sender's" },
);

const En = Type.Object({ en: IdentifierString('enterprise number') });
const EnId = Type.Object({
  en: IdentifierString('enterprise number'),
  id: Type.String({ minLength: 1, maxLength: 64 }),
});

export function grantRoutes(deps: Deps, limits: UsageLimits): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['users'];
    app.post(
      '/api/v1/enterprises/:en/grants',
      {
        schema: {
          tags,
          summary: 'Grant a user an online service (by number now, or by e-mail invitation)',
          params: En,
          body: Type.Object(
            {
              person: Type.Optional(PersonIdString('national or BIS number, or eIDAS identifier CC/BE/identifier')),
              email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
              service: Type.String({ minLength: 1, maxLength: 128 }),
              role: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              validFrom: Type.Optional(
                DateText(
                  'date or date-time; default now; not in the past (today, or a date-time within 5 minutes of now, starts now)',
                  'start',
                ),
              ),
              validUntil: Type.Optional(DateText('date (inclusive) or date-time')),
              language: Type.Optional(InviteeLanguage),
              establishments: Type.Optional(EstablishmentsInput),
            },
            { additionalProperties: false },
          ),
          response: withProblems({
            201: Type.Object({ grant: GrantSchema }),
            202: Type.Object({ invitation: InvitationSchema }),
          }),
        },
      },
      async (req, reply) => {
        const r = await grantAccess(deps, ctxOf(req), { enterprise: req.params.en, ...req.body });
        if (r.kind === 'grant') return reply.code(201).send({ grant: grantView(r.grant) });
        const i = r.invitation;
        return reply.code(202).send({
          invitation: {
            id: i.id,
            enterprise: i.enterprise_number,
            email: i.email,
            service: i.service,
            role: i.service_role || null,
            expiresAt: i.expires_at,
            validUntil: i.valid_until,
          },
        });
      },
    );

    app.get(
      '/api/v1/enterprises/:en/grants',
      {
        schema: {
          tags,
          summary: "The enterprise's users and their services (paginated)",
          params: En,
          querystring: Type.Object(
            {
              domain: Type.Optional(Type.String({ maxLength: 64 })),
              person: Type.Optional(PersonIdString('national or BIS number, or eIDAS identifier CC/BE/identifier')),
              status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('all')])),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
              cursor: Type.Optional(Type.String({ maxLength: 64 })),
            },
            { additionalProperties: false },
          ),
          response: withProblems({
            200: Type.Object({
              items: Type.Array(
                Type.Composite([
                  Type.Omit(GrantSchema, ['enterprise']),
                  Type.Object({
                    name: N(Type.String()),
                    grantedByName: N(Type.String({ description: "the granter's name, where the register knows it" })),
                    isActive: Type.Boolean(),
                  }),
                ]),
              ),
              nextCursor: N(Type.String()),
            }),
          }),
        },
      },
      async (req) => listGrants(deps, ctxOf(req), { enterprise: req.params.en, ...req.query }),
    );

    app.patch(
      '/api/v1/enterprises/:en/grants/:id',
      {
        schema: {
          tags,
          summary:
            "Extend or shorten a grant's end date (null: no end), and/or change the establishment units it is limited to",
          params: EnId,
          body: Type.Object(
            {
              validUntil: Type.Optional(Type.Union([DateText('date (inclusive) or date-time'), Type.Null()])),
              establishments: Type.Optional(EstablishmentsInput),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ grant: GrantSchema }) }),
        },
      },
      async (req) => {
        const r = await changeGrantEnd(deps, ctxOf(req), {
          enterprise: req.params.en,
          id: req.params.id,
          validUntil: req.body.validUntil,
          establishments: req.body.establishments,
        });
        return { grant: grantView(r.grant) };
      },
    );

    app.get(
      '/api/v1/enterprises/:en/grants/:id/extension',
      {
        schema: {
          tags,
          summary: 'The one-click extension of a grant: the latest end its term allows from today (issue 17)',
          description:
            'Answers only to someone who may manage the grant now; extending is the PATCH of the grant, checked again.',
          params: EnId,
          response: withProblems({
            200: Type.Object({
              grant: GrantSchema,
              holderName: N(Type.String()),
              maxMonths: Type.Union([Type.Integer(), Type.Null()]),
              latestDate: N(Type.String({ description: 'the proposed new end, a Brussels day; null: no limit' })),
            }),
          }),
        },
      },
      async (req) => {
        const r = await proposeGrantExtension(deps, ctxOf(req), { enterprise: req.params.en, id: req.params.id });
        return { ...r, grant: grantView(r.grant) };
      },
    );

    app.delete(
      '/api/v1/enterprises/:en/grants/:id',
      {
        schema: {
          tags,
          summary: 'Revoke a grant, immediately',
          params: EnId,
          response: withProblems({ 200: Type.Object({ grant: GrantSchema }) }),
        },
      },
      async (req) => {
        const r = await revokeGrant(deps, ctxOf(req), { enterprise: req.params.en, id: req.params.id });
        return { grant: grantView(r.grant) };
      },
    );

    // A public read (no login): limited per client address like the register's public reads.
    const publicLookup: FastifyPluginAsyncTypebox = async (pub) => {
      await pub.register(rateLimit, {
        global: true,
        max: deps.config.login.rateLimitPublic,
        timeWindow: 60_000,
        ...limits.sharedStore('public-invitations'),
      });
      pub.get(
        '/api/v1/invitations/:token',
        {
          schema: {
            tags,
            summary: 'What an invitation offers, by its token (no login): who invites, for which enterprise and access',
            params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) }),
            querystring: Type.Object({ language: Type.Optional(InviteeLanguage) }, { additionalProperties: false }),
            response: withProblems({
              200: Type.Object({
                inviterName: N(Type.String({ description: 'given and family name of the sender' })),
                enterprise: Type.String(),
                enterpriseName: Type.String(),
                service: Type.String(),
                role: N(Type.String()),
                expiresAt: Type.String(),
              }),
              410: Type.Any(),
            }),
          },
        },
        async (req) => lookUpInvitation(deps, { token: req.params.token, language: req.query.language }),
      );
    };
    await app.register(publicLookup);

    app.post(
      '/api/v1/invitations/:token/accept',
      {
        schema: {
          tags,
          summary: 'The logged-in invitee accepts an invitation: it becomes their grant',
          params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) }),
          response: withProblems({
            201: Type.Object({ grant: GrantSchema, enterpriseName: Type.String() }),
            410: Type.Any(),
          }),
        },
      },
      async (req, reply) => {
        const r = await acceptInvitation(deps, ctxOf(req), { token: req.params.token });
        return reply.code(201).send({ grant: grantView(r.grant), enterpriseName: r.enterpriseName });
      },
    );
  };
}
