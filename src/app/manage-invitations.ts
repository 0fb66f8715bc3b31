/**
 * Open invitations of an enterprise (issue 13, finding 8): those who may grant see what is still
 * waiting, and cancel or resend it; each change is audited. An access manager sees and handles
 * the invitations of the domains they manage; the main and co-mains all of them.
 */
import { randomBytes } from 'node:crypto';
import type { Locale } from '../domain/catalogue.ts';
import { DomainError } from '../domain/errors.ts';
import type { Tx } from '../infra/db/database.ts';
import type { Deps } from './deps.ts';
import { hashToken, invitationMail } from './grant-access.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
import { type Ctx, enterpriseName, record } from './shared/record.ts';
import { loadRoleFacts } from './shared/roles.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface OpenInvitation {
  id: string;
  email: string;
  person: string | null;
  service: string;
  role: string | null;
  domain: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  validUntil: string | null;
}

function view(i: {
  id: string;
  email: string;
  person_number: string | null;
  service: string;
  service_role: string;
  domain: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  valid_until: string | null;
}): OpenInvitation {
  return {
    id: i.id,
    email: i.email,
    person: i.person_number,
    service: i.service,
    role: i.service_role || null,
    domain: i.domain,
    createdBy: i.created_by,
    createdAt: i.created_at,
    expiresAt: i.expires_at,
    validUntil: i.valid_until,
  };
}

/** Not accepted, not revoked or lapsed, not expired: newest first, at most 500. */
export async function listOpenInvitations(deps: Deps, ctx: Ctx, input: { enterprise: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'grant.read', enterprise, nowDate);
    const facts = await loadRoleFacts(tx, deps.registers, enterprise, ctx.actor.personNumber, nowDate);
    let q = tx
      .selectFrom('invitation')
      .selectAll()
      .where('enterprise_number', '=', enterprise)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowDate.toISOString());
    if (!facts.isMain && !facts.isCoMain)
      q = q.where('domain', 'in', facts.managedDomains.length ? facts.managedDomains : ['']);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
    return { items: rows.map(view) };
  });
}

type ClosedState = 'accepted' | 'cancelled' | 'lapsed' | 'expired';

/** Why an invitation is no longer open, or null while it is. */
function closedState(
  inv: { accepted_at: string | null; revoked_at: string | null; revoke_reason: string | null; expires_at: string },
  now: string,
): ClosedState | null {
  if (inv.accepted_at) return 'accepted';
  if (inv.revoked_at) return inv.revoke_reason === 'lapsed' ? 'lapsed' : 'cancelled';
  if (inv.expires_at <= now) return 'expired';
  return null;
}

/**
 * Finds an open invitation of the enterprise and authorizes a change on its domain. One that
 * does not exist is reported only to someone who may read this enterprise's users; a closed one
 * is not found for a cancellation, and for a resend (review 5, finding 7) a 409 naming its
 * state, to whoever may manage its domain.
 */
async function loadOpen(
  deps: Deps,
  tx: Tx,
  ctx: Ctx,
  enterprise: string,
  id: string,
  now: Date,
  closed: 'not_found' | 'conflict' = 'not_found',
) {
  const inv = UUID.test(id)
    ? await tx
        .selectFrom('invitation')
        .selectAll()
        .where('id', '=', id)
        .where('enterprise_number', '=', enterprise)
        .executeTakeFirst()
    : undefined;
  const state = inv ? closedState(inv, now.toISOString()) : null;
  if (!inv || (state && closed === 'not_found')) {
    await authorizeIn(tx, deps, ctx.actor, 'grant.read', enterprise, now);
    throw new DomainError('invitation.not_found', { invitation: id });
  }
  const role = await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, now, inv.domain);
  if (state) throw new DomainError('invitation.not_open', { invitation: inv.id, state });
  return { inv, role };
}

/** Cancels an open invitation at once: its link stops working. */
export async function revokeInvitation(deps: Deps, ctx: Ctx, input: { enterprise: string; id: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const { inv, role } = await loadOpen(deps, tx, ctx, enterprise, input.id, nowDate);
    const done = await tx
      .updateTable('invitation')
      .set({ revoked_at: now, revoked_by: ctx.actor.personNumber, revoke_reason: 'revoked' })
      .where('id', '=', inv.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new DomainError('invitation.already_used', { invitation: inv.id });
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'invitation.revoked',
      target: inv.email,
      before: { invitation: inv.id, service: inv.service, person: inv.person_number ?? undefined },
    });
    return { invitation: view(inv) };
  });
}

/** Sends the invitation again with a new link (the old one stops working) and a new expiry. */
export async function resendInvitation(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; language?: Locale },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const { inv, role } = await loadOpen(deps, tx, ctx, enterprise, input.id, nowDate, 'conflict');
    const token = randomBytes(32).toString('base64url');
    // the language chosen now, else the one chosen when it was sent (issue 16), else the sender's
    const language = input.language ?? inv.language;
    const expires = new Date(nowDate.getTime() + deps.config.invitationTtlDays * 86_400_000).toISOString();
    // only while still open: an acceptance or cancellation racing the resend wins, and no fresh
    // link goes out for a closed invitation
    const done = await tx
      .updateTable('invitation')
      .set({ token_hash: hashToken(token), expires_at: expires, language })
      .where('id', '=', inv.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      const current = await tx.selectFrom('invitation').selectAll().where('id', '=', inv.id).executeTakeFirstOrThrow();
      throw new DomainError('invitation.not_open', {
        invitation: inv.id,
        state: closedState(current, now) ?? 'changed',
      });
    }
    const after = { ...inv, expires_at: expires };
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'invitation.resent',
      target: inv.email,
      before: { invitation: inv.id, expiresAt: inv.expires_at },
      after: { invitation: inv.id, expiresAt: expires },
      mails: [invitationMail(deps, after, token, await enterpriseName(tx, enterprise), language ?? ctx.actor.locale)],
    });
    return { invitation: view(after) };
  });
}
