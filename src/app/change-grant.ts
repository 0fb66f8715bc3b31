import { brusselsDate } from '../domain/brussels-time.ts';
import { DomainError } from '../domain/errors.ts';
import { applyTermLimit } from '../domain/term-limits.ts';
import type { Tx } from '../infra/db/database.ts';
import type { Deps } from './deps.ts';
import { establishmentList, requireEstablishments } from './shared/establishments.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
import { type Ctx, enterpriseName, personContact, record } from './shared/record.ts';
import { parseEndDate } from './shared/time.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Finds the grant, then authorizes on its domain. A missing grant is reported only to someone who
 * manages something here, so the answer never tells a stranger which grant ids exist.
 */
async function loadAuthorizedGrant(
  deps: Deps,
  tx: Tx,
  ctx: Ctx,
  enterprise: string,
  id: string,
  now: Date,
  opts: { lock?: boolean } = {},
) {
  const grant = UUID.test(id)
    ? await tx
        .selectFrom('access_grant')
        .selectAll()
        .where('id', '=', id)
        .where('enterprise_number', '=', enterprise)
        .where('mandate_id', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!grant || grant.revoked_at) {
    await authorizeIn(tx, deps, ctx.actor, 'grant.read', enterprise, now);
    throw new DomainError('grant.not_found', { grant: id });
  }
  const role = await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, now, grant.domain, opts);
  return { grant, role };
}

/**
 * Changes a grant on condition that it is still current (not revoked) when the change lands. A
 * revocation and an extension at once both pass the read on PostgreSQL; without the condition
 * the extension rewrote the revoked grant (and a second revocation audited twice).
 */
async function updateCurrentGrant(
  tx: Tx,
  id: string,
  set:
    | { revoked_at: string; revoked_by: string | null }
    | { valid_until: string | null; establishments: string | null },
): Promise<void> {
  const r = await tx
    .updateTable('access_grant')
    .set(set)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new DomainError('grant.concurrent_change', { grant: id });
}

/** Revoking is immediate: the next check after this commit answers no. */
export async function revokeGrant(deps: Deps, ctx: Ctx, input: { enterprise: string; id: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const { grant, role } = await loadAuthorizedGrant(deps, tx, ctx, enterprise, input.id, nowDate);
    await updateCurrentGrant(tx, grant.id, { revoked_at: now, revoked_by: ctx.actor.personNumber });
    const contact = await personContact(tx, grant.person_number);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'grant.revoked',
      target: grant.person_number,
      before: {
        grant: grant.id,
        service: grant.service,
        role: grant.service_role || undefined,
        validUntil: grant.valid_until,
      },
      mails: [
        {
          to: contact.email,
          language: contact.language,
          template: 'revoked',
          params: { enterprise, enterpriseName: await enterpriseName(tx, enterprise), service: grant.service },
        },
      ],
      event: { type: 'grant.revoked', data: { grant: grant.id, person: grant.person_number, service: grant.service } },
    });
    return { grant: { ...grant, revoked_at: now, revoked_by: ctx.actor.personNumber } };
  });
}

/**
 * What the one-click extension page shows (issue 17): the grant, and the latest end its term
 * allows if extended today, which the page proposes. It answers only to someone who may manage
 * the grant NOW (the digest's link may be days old); the change itself goes through
 * changeGrantEnd, which checks again and audits.
 */
export async function proposeGrantExtension(deps: Deps, ctx: Ctx, input: { enterprise: string; id: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    // a read (the extension page's GET): it needs the power to change, not the change's lock
    const { grant } = await loadAuthorizedGrant(deps, tx, ctx, enterprise, input.id, nowDate, { lock: false });
    if (grant.valid_until !== null && grant.valid_until <= now) {
      throw new DomainError('grant.not_found', { grant: grant.id, reason: 'expired: grant it anew' });
    }
    const term = applyTermLimit(
      deps.catalogue,
      { kind: 'grant', service: grant.service, role: grant.service_role || undefined },
      grant.valid_from > now ? grant.valid_from : now,
      null,
    );
    const holder = await tx
      .selectFrom('person')
      .select(['given_name', 'family_name'])
      .where('number', '=', grant.person_number)
      .executeTakeFirst();
    return {
      grant,
      holderName: holder ? `${holder.given_name} ${holder.family_name}` : null,
      maxMonths: term.maxMonths,
      // the proposed new end: the latest the term allows (a Brussels day); none when unlimited
      latestDate: term.latest ? brusselsDate(new Date(term.latest)) : null,
    };
  });
}

/**
 * Extends (or shortens) a grant's end date (null makes it open-ended), and/or changes the
 * establishment units it is limited to (issue 19; an empty list lifts the limit). What is not
 * given stays as it is.
 */
export async function changeGrantEnd(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; validUntil?: string | null; establishments?: string[] },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const changesEnd = input.validUntil !== undefined;
  if (!changesEnd && input.establishments === undefined)
    throw new DomainError('validation.invalid_input', {
      field: 'validUntil',
      reason: 'give validUntil, establishments, or both',
    });
  const requestedUntil = changesEnd ? parseEndDate(input.validUntil ?? null, nowDate) : null;
  return deps.db.unitOfWork(async (tx) => {
    const { grant, role } = await loadAuthorizedGrant(deps, tx, ctx, enterprise, input.id, nowDate);
    if (grant.valid_until !== null && grant.valid_until <= now) {
      throw new DomainError('grant.not_found', { grant: grant.id, reason: 'expired: grant it anew' });
    }
    // An extension is a new decision: its maximum term counts from today (issue 17).
    const validUntil = changesEnd
      ? applyTermLimit(
          deps.catalogue,
          { kind: 'grant', service: grant.service, role: grant.service_role || undefined },
          grant.valid_from > now ? grant.valid_from : now,
          requestedUntil,
        ).validUntil
      : grant.valid_until;
    const establishments =
      input.establishments === undefined
        ? (grant.establishments ?? null)
        : await requireEstablishments(tx, enterprise, input.establishments);
    await updateCurrentGrant(tx, grant.id, { valid_until: validUntil, establishments });
    const limitChanged = establishments !== (grant.establishments ?? null);
    const limit = (stored: string | null | undefined) => (limitChanged ? establishmentList(stored) : undefined);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: changesEnd ? 'grant.end_changed' : 'grant.establishments_changed',
      target: grant.person_number,
      before: { grant: grant.id, validUntil: grant.valid_until, establishments: limit(grant.establishments) },
      after: { grant: grant.id, validUntil, establishments: limit(establishments) },
      event: {
        type: 'grant.changed',
        data: {
          grant: grant.id,
          person: grant.person_number,
          service: grant.service,
          validUntil,
          establishments: establishmentList(establishments),
        },
      },
    });
    return { grant: { ...grant, valid_until: validUntil, establishments } };
  });
}
