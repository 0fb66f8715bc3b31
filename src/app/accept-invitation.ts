import { DomainError } from '../domain/errors.ts';
import { type InvitationLapse, invitationLapse, inviteeRefusal } from '../domain/invitation-rules.ts';
import { applyTermLimit } from '../domain/term-limits.ts';
import type { Tx } from '../infra/db/database.ts';
import type { InvitationTable } from '../infra/db/schema.ts';
import type { Deps } from './deps.ts';
import { hashToken, insertGrant } from './grant-access.ts';
import { type Ctx, enterpriseName, record } from './shared/record.ts';
import { loadRoleFacts } from './shared/roles.ts';

/**
 * The invitee, logged in, accepts: the invitation becomes a grant for their own number. The
 * token is the secret and works once, and only for the person meant: the number the inviter
 * gave, or else the address the person's identity provider verified (issue 13, finding 8). The
 * inviter must still hold the power to grant: if not, the invitation lapses (finding 3).
 */
export async function acceptInvitation(deps: Deps, ctx: Ctx, input: { token: string }) {
  if (!ctx.actor.personNumber) {
    throw new DomainError('authorization.forbidden', { reason: 'a national or BIS number is needed to accept' });
  }
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) throw new DomainError('invitation.not_found');
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const outcome = await deps.db.unitOfWork(async (tx) => {
    const inv = await tx
      .selectFrom('invitation')
      .selectAll()
      .where('token_hash', '=', hashToken(input.token))
      .executeTakeFirst();
    if (!inv || inv.revoked_at) throw new DomainError('invitation.not_found');
    if (inv.accepted_at) throw new DomainError('invitation.already_used');
    if (inv.expires_at <= now) throw new DomainError('invitation.expired', { expiredAt: inv.expires_at });
    // Someone else holding the link learns nothing more about the invitation than this refusal.
    const refused = inviteeRefusal(inv, ctx.actor);
    if (refused) throw new DomainError(refused);
    const inviterFacts = await loadRoleFacts(tx, deps.registers, inv.enterprise_number, inv.created_by, nowDate);
    const lapsed = invitationLapse(inviterFacts, inv.domain);
    if (lapsed) {
      await lapseInvitation(tx, deps, ctx, inv, lapsed, now);
      return { lapsed };
    }
    // Claim it before granting: PostgreSQL runs concurrent accepts side by side, and each read
    // the invitation unused; only the one whose conditional update lands may turn it into a grant.
    const claimed = await tx
      .updateTable('invitation')
      .set({ accepted_at: now, accepted_by: ctx.actor.personNumber })
      .where('id', '=', inv.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new DomainError('invitation.already_used');
    const validFrom = inv.valid_from && inv.valid_from > now ? inv.valid_from : now;
    const grant = await insertGrant(tx, deps, {
      enterprise: inv.enterprise_number,
      person: ctx.actor.personNumber!,
      service: inv.service,
      serviceRole: inv.service_role,
      domain: inv.domain,
      grantedBy: inv.created_by,
      grantedByRole: inv.created_by_role,
      invitationId: inv.id,
      now,
      validFrom,
      // checked against the maximum term when it was sent; open-ended, it gets the term from today
      validUntil: applyTermLimit(
        deps.catalogue,
        { kind: 'grant', service: inv.service, role: inv.service_role || undefined },
        validFrom,
        inv.valid_until,
      ).validUntil,
      // issue 19: as the sender limited it; a unit that since moved grants nothing (the check says why)
      establishments: inv.establishments ?? null,
    });
    await tx.updateTable('invitation').set({ grant_id: grant.id }).where('id', '=', inv.id).execute();
    await record(tx, deps, ctx, {
      at: now,
      actorRole: 'invitee',
      enterprise: inv.enterprise_number,
      action: 'invitation.accepted',
      target: ctx.actor.personNumber!,
      after: { invitation: inv.id, grant: grant.id, service: inv.service },
      event: {
        type: 'grant.created',
        data: { grant: grant.id, person: grant.person_number, service: grant.service, validUntil: grant.valid_until },
      },
    });
    return { grant, enterpriseName: await enterpriseName(tx, inv.enterprise_number) };
  });
  // committed: the lapse stays recorded although the acceptance is refused
  if ('lapsed' in outcome) throw new DomainError('invitation.lapsed', { reason: outcome.lapsed });
  return outcome;
}

async function lapseInvitation(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  inv: InvitationTable,
  reason: InvitationLapse,
  now: string,
) {
  await tx
    .updateTable('invitation')
    .set({ revoked_at: now, revoked_by: 'system:invitation_lapsed', revoke_reason: 'lapsed' })
    .where('id', '=', inv.id)
    .where('revoked_at', 'is', null)
    .execute();
  await record(tx, deps, ctx, {
    at: now,
    actorRole: 'invitee',
    enterprise: inv.enterprise_number,
    action: 'invitation.lapsed',
    target: inv.email,
    before: { invitation: inv.id, service: inv.service, invitedBy: inv.created_by },
    after: { reason },
  });
}
