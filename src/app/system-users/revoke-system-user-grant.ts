import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, record } from '../shared/record.ts';
import { activeUser, grantView, requireId } from './shared.ts';

export async function revokeSystemUserGrant(
  deps: Deps,
  ctx: Ctx,
  enterpriseInput: string,
  id: string,
  grantId: string,
) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    // a stranger learns nothing about which system users or grants exist
    await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, nowDate);
    const { user, system } = await activeUser(tx, enterprise, id);
    const grant = await tx
      .selectFrom('system_user_grant')
      .selectAll()
      .where('id', '=', requireId(grantId, 'grant.not_found', 'grant'))
      .where('system_user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!grant) throw new DomainError('grant.not_found', { grant: grantId });
    const role = await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, nowDate, grant.domain);
    await tx
      .updateTable('system_user_grant')
      .set({ revoked_at: now, revoked_by: ctx.actor.personNumber! })
      .where('id', '=', grant.id)
      .execute();
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'system_user.revoked',
      target: user.id,
      before: { grant: grant.id, system: system.id, service: grant.service, role: grant.service_role || undefined },
      event: {
        type: 'system_user.revoked',
        data: { systemUser: user.id, system: system.id, grant: grant.id, service: grant.service },
      },
    });
    return { grant: grantView({ ...grant, revoked_at: now, revoked_by: ctx.actor.personNumber! }) };
  });
}
