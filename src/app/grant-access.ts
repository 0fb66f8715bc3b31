import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Locale } from '../domain/catalogue.ts';
import { DomainError } from '../domain/errors.ts';
import { applyTermLimit } from '../domain/term-limits.ts';
import type { Tx } from '../infra/db/database.ts';
import type { AccessGrantTable } from '../infra/db/schema.ts';
import type { Deps } from './deps.ts';
import { establishmentList, requireEstablishments } from './shared/establishments.ts';
import { grantCreatedEvent } from './shared/grant-view.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEmail, requireEnterpriseNumber, requirePersonId } from './shared/input.ts';
import { holdNumberAgainstLink } from './shared/person-number-lock.ts';
import { type Ctx, enterpriseName, personContact, record } from './shared/record.ts';
import { parseEndDate, parseStartDate } from './shared/time.ts';

export interface GrantInput {
  enterprise: string;
  person?: string;
  email?: string;
  service: string;
  role?: string;
  validFrom?: string;
  validUntil?: string;
  /** the invitee's language for the invitation mail; default the sender's (issue 16) */
  language?: Locale;
  /** issue 19: establishment unit numbers of the enterprise the grant is limited to; none: no limit */
  establishments?: string[];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The invitation mail: the link carries the only copy of the token. */
export function invitationMail(
  deps: Deps,
  inv: { email: string; enterprise_number: string; service: string; expires_at: string },
  token: string,
  name: string | null,
  language: string | undefined,
) {
  return {
    to: inv.email,
    language: language ?? 'nl',
    template: 'invitation',
    params: {
      enterprise: inv.enterprise_number,
      enterpriseName: name,
      service: inv.service,
      link: `${deps.config.publicUrl}/invitations/${token}`,
      expiresAt: inv.expires_at,
    },
  };
}

/** Resolves and checks the service (and role) of a grant against the catalogue. */
export function resolveService(deps: Deps, serviceCode: string, roleCode: string | undefined) {
  const service = deps.catalogue.service(serviceCode);
  if (!service) throw new DomainError('catalogue.unknown_service', { service: serviceCode });
  if (roleCode && !deps.catalogue.hasRole(serviceCode, roleCode)) {
    throw new DomainError('catalogue.unknown_role', { service: serviceCode, role: roleCode });
  }
  const domain = deps.catalogue.domain(service.domain)!;
  if (domain.system !== 'btb') {
    // Users of these domains are managed in their own system; btb tells it who the managers are.
    throw new DomainError('grant.managed_elsewhere', {
      service: serviceCode,
      domain: domain.code,
      system: domain.system,
    });
  }
  return { service, domain };
}

/** What a grant gives and for how long, checked: the same rules for a person and a system user (issue 18). */
export function grantTerms(deps: Deps, input: Pick<GrantInput, 'service' | 'role' | 'validFrom' | 'validUntil'>) {
  const { service, domain } = resolveService(deps, input.service, input.role);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const validFrom = parseStartDate(input.validFrom, nowDate, 'validFrom', { refusePastAs: 'grant.start_in_past' });
  const requestedUntil = parseEndDate(input.validUntil, nowDate);
  if (requestedUntil && requestedUntil <= validFrom) {
    throw new DomainError('grant.invalid_period', { validFrom, validUntil: requestedUntil });
  }
  // The catalogue's maximum term (issue 17): a longer end is refused, a missing one becomes the limit.
  const { validUntil } = applyTermLimit(
    deps.catalogue,
    { kind: 'grant', service: service.code, role: input.role },
    validFrom,
    requestedUntil,
  );
  return { service, domain, nowDate, now, validFrom, validUntil, serviceRole: input.role ?? '' };
}

/**
 * An access manager (or the main / a co-main) grants a user one online service, or one role
 * of it, for the enterprise: by national/BIS number at once, or by e-mail invitation that becomes
 * a grant when the invitee logs in and accepts. An invitation is bound to its invitee (issue 13):
 * given a number too, only that person may accept; otherwise only a person whose identity
 * provider verified the invited address.
 */
export async function grantAccess(deps: Deps, ctx: Ctx, input: GrantInput) {
  return deps.db.unitOfWork((tx) => grantAccessIn(tx, deps, ctx, input));
}

/** Where a grant or appointment came from, when not from the manager's own initiative (issue 18). */
export interface Origin {
  /** the access request it answers: its requester is the grantee */
  accessRequest: string;
}

/**
 * The same use case inside the caller's transaction: an approved access request (issue 18) runs
 * exactly this, with its request as the origin, so a grant on request obeys every rule of a
 * direct one (authorization at this moment, catalogue, dates, duplicates, mails, audit).
 */
export async function grantAccessIn(tx: Tx, deps: Deps, ctx: Ctx, input: GrantInput, origin?: Origin) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  if (!input.person && !input.email) {
    throw new DomainError('validation.invalid_input', {
      field: 'person',
      reason: 'give a person, an e-mail address, or both',
    });
  }
  const person = input.person ? requirePersonId(input.person) : null;
  const email = input.email ? requireEmail(input.email) : null;
  const { service, domain, nowDate, now, validFrom, validUntil, serviceRole } = grantTerms(deps, input);
  {
    const role = await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, nowDate, domain.code);
    const name = await enterpriseName(tx, enterprise);
    const establishments = await requireEstablishments(tx, enterprise, input.establishments);
    if (email) {
      const token = randomBytes(32).toString('base64url');
      const ttl = deps.config.invitationTtlDays * 86_400_000;
      const invitation = {
        id: randomUUID(),
        token_hash: hashToken(token),
        enterprise_number: enterprise,
        email,
        person_number: person,
        service: service.code,
        service_role: serviceRole,
        domain: domain.code,
        valid_from: input.validFrom ? validFrom : null,
        valid_until: validUntil,
        expires_at: new Date(nowDate.getTime() + ttl).toISOString(),
        created_by: ctx.actor.personNumber!,
        created_by_role: role,
        created_at: now,
        accepted_at: null,
        accepted_by: null,
        grant_id: null,
        revoked_at: null,
        revoked_by: null,
        revoke_reason: null,
        language: input.language ?? null,
        establishments,
      };
      await tx.insertInto('invitation').values(invitation).execute();
      await record(tx, deps, ctx, {
        at: now,
        actorRole: role,
        enterprise,
        action: 'invitation.created',
        target: email,
        after: {
          invitation: invitation.id,
          person: person ?? undefined,
          service: service.code,
          role: serviceRole || undefined,
          validUntil,
          expiresAt: invitation.expires_at,
          establishments: establishments ? establishmentList(establishments) : undefined,
        },
        mails: [invitationMail(deps, invitation, token, name, invitation.language ?? ctx.actor.locale)],
      });
      const { token_hash: _h, ...view } = invitation;
      return { kind: 'invitation' as const, invitation: view };
    }
    const grant = await insertGrant(tx, deps, {
      enterprise,
      person: person!,
      service: service.code,
      serviceRole,
      domain: domain.code,
      grantedBy: ctx.actor.personNumber!,
      grantedByRole: role,
      invitationId: null,
      accessRequestId: origin?.accessRequest ?? null,
      now,
      validFrom,
      validUntil,
      establishments,
    });
    const contact = await personContact(tx, person!);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'grant.created',
      target: person!,
      after: {
        grant: grant.id,
        service: service.code,
        role: serviceRole || undefined,
        validFrom,
        validUntil,
        accessRequest: origin?.accessRequest,
        establishments: establishments ? establishmentList(establishments) : undefined,
      },
      mails: [
        {
          to: contact.email,
          language: contact.language,
          template: 'granted',
          params: { enterprise, enterpriseName: name, service: service.code, validUntil },
        },
      ],
      event: grantCreatedEvent(grant, {
        establishments: establishmentList(establishments),
        ...(origin ? { accessRequest: origin.accessRequest } : {}),
      }),
    });
    return { kind: 'grant' as const, grant };
  }
}

/**
 * Before a new grant of the same service and role (directly, or under the same mandate): an open
 * grant still in force refuses it (grant.already_exists, with `hint` where the caller offers
 * one); one that ran out and was never revoked is closed as expired, so the two do not overlap.
 */
export async function replaceExpiredGrant(
  tx: Tx,
  existing: AccessGrantTable | undefined,
  now: string,
  hint?: string,
): Promise<void> {
  if (!existing) return;
  if (existing.valid_until === null || existing.valid_until > now)
    throw new DomainError('grant.already_exists', { grant: existing.id, ...(hint ? { hint } : {}) });
  await tx
    .updateTable('access_grant')
    .set({ revoked_at: existing.valid_until, revoked_by: 'system:expired' })
    .where('id', '=', existing.id)
    .execute();
}

export async function insertGrant(
  tx: Tx,
  deps: Pick<Deps, 'db'>,
  g: {
    enterprise: string;
    person: string;
    service: string;
    serviceRole: string;
    domain: string;
    grantedBy: string;
    grantedByRole: string;
    invitationId: string | null;
    accessRequestId?: string | null;
    now: string;
    validFrom: string;
    validUntil: string | null;
    /** issue 19: the stored form (app/shared/establishments.ts); null or absent: no limit */
    establishments?: string | null;
  },
): Promise<AccessGrantTable> {
  // review 5, finding 4: a link of this number waits for this grant, and then sees it
  await holdNumberAgainstLink(tx, deps, g.person);
  const existing = await tx
    .selectFrom('access_grant')
    .selectAll()
    .where('enterprise_number', '=', g.enterprise)
    .where('person_number', '=', g.person)
    .where('service', '=', g.service)
    .where('service_role', '=', g.serviceRole)
    .where('mandate_id', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await replaceExpiredGrant(tx, existing, g.now, 'extend it with PATCH');
  const grant: AccessGrantTable = {
    id: randomUUID(),
    enterprise_number: g.enterprise,
    person_number: g.person,
    service: g.service,
    service_role: g.serviceRole,
    domain: g.domain,
    mandate_id: null,
    granted_by: g.grantedBy,
    granted_by_role: g.grantedByRole,
    invitation_id: g.invitationId,
    access_request_id: g.accessRequestId ?? null,
    created_at: g.now,
    valid_from: g.validFrom,
    valid_until: g.validUntil,
    revoked_at: null,
    revoked_by: null,
    establishments: g.establishments ?? null,
  };
  await tx.insertInto('access_grant').values(grant).execute();
  return grant;
}
