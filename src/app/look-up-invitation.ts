import { DomainError } from '../domain/errors.ts';
import type { Deps } from './deps.ts';
import { hashToken } from './grant-access.ts';
import { enterpriseName, personContact } from './shared/record.ts';

/**
 * What the accept page shows before the invitee logs in (issue 16, item 3): who invites, for
 * which enterprise and which access. The token is the only key, and names are all it tells:
 * never a national number or the invited address.
 */
export async function lookUpInvitation(deps: Deps, input: { token: string; language?: string | null }) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) throw new DomainError('invitation.not_found');
  const now = deps.clock.now().toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const inv = await tx
      .selectFrom('invitation')
      .select(['enterprise_number', 'service', 'service_role', 'created_by', 'expires_at', 'accepted_at', 'revoked_at'])
      .where('token_hash', '=', hashToken(input.token))
      .executeTakeFirst();
    if (!inv || inv.revoked_at) throw new DomainError('invitation.not_found');
    if (inv.accepted_at) throw new DomainError('invitation.already_used');
    if (inv.expires_at <= now) throw new DomainError('invitation.expired', { expiredAt: inv.expires_at });
    return {
      inviterName: (await personContact(tx, inv.created_by)).name,
      enterprise: inv.enterprise_number,
      enterpriseName: await enterpriseName(tx, inv.enterprise_number, input.language),
      service: inv.service,
      role: inv.service_role || null,
      expiresAt: inv.expires_at,
    };
  });
}
