import { DomainError } from '../domain/errors.ts';
import { authorize } from '../domain/authorize.ts';
import type { Deps } from './deps.ts';
import { hashToken, insertGrant } from './grant-access.ts';
import { type Ctx, enterpriseName, record } from './shared/record.ts';
import { loadRoleFacts } from './shared/roles.ts';

/**
 * The invitee, logged in, accepts: the invitation becomes a grant for their own number. The
 * token is the secret and works once. The inviter must still hold the power to grant: an
 * invitation from a manager who has since been removed is void.
 */
export async function acceptInvitation(deps: Deps, ctx: Ctx, input: { token: string }) {
  if (!ctx.actor.personNumber) {
    throw new DomainError('authorization.forbidden', { reason: 'a national or BIS number is needed to accept' });
  }
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) throw new DomainError('invitation.not_found');
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const inv = await tx.selectFrom('invitation').selectAll().where('token_hash', '=', hashToken(input.token)).executeTakeFirst();
    if (!inv || inv.revoked_at) throw new DomainError('invitation.not_found');
    if (inv.accepted_at) throw new DomainError('invitation.already_used');
    if (inv.expires_at <= now) throw new DomainError('invitation.expired', { expiredAt: inv.expires_at });
    const inviterFacts = await loadRoleFacts(tx, inv.enterprise_number, inv.created_by, nowDate);
    const stillAllowed = authorize(
      { personNumber: inv.created_by, loa: 'high', means: 'token', via: 'bearer' },
      'grant.manage',
      inviterFacts,
      inv.domain,
    );
    if (!stillAllowed.allowed) throw new DomainError('invitation.void', { reason: 'the inviter no longer manages this domain' });
    // Claim it before granting: PostgreSQL runs concurrent accepts side by side, and each read
    // the invitation unused; only the one whose conditional update lands may turn it into a grant.
    const claimed = await tx
      .updateTable('invitation')
      .set({ accepted_at: now, accepted_by: ctx.actor.personNumber })
      .where('id', '=', inv.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new DomainError('invitation.already_used');
    const grant = await insertGrant(tx, {
      enterprise: inv.enterprise_number,
      person: ctx.actor.personNumber!,
      service: inv.service,
      serviceRole: inv.service_role,
      domain: inv.domain,
      grantedBy: inv.created_by,
      grantedByRole: inv.created_by_role,
      invitationId: inv.id,
      now,
      validFrom: inv.valid_from && inv.valid_from > now ? inv.valid_from : now,
      validUntil: inv.valid_until,
    });
    await tx.updateTable('invitation').set({ grant_id: grant.id }).where('id', '=', inv.id).execute();
    await record(tx, deps, ctx, {
      at: now,
      actorRole: 'invitee',
      enterprise: inv.enterprise_number,
      action: 'invitation.accepted',
      target: ctx.actor.personNumber!,
      after: { invitation: inv.id, grant: grant.id, service: inv.service },
      event: { type: 'grant.created', data: { grant: grant.id, person: grant.person_number, service: grant.service, validUntil: grant.valid_until } },
    });
    return { grant, enterpriseName: await enterpriseName(tx, inv.enterprise_number) };
  });
}
