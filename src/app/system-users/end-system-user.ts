import type { Tx } from '../../infra/db/database.ts';
import type { SystemTable, SystemUserTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, record } from '../shared/record.ts';
import { activeUser, type SystemUserView, systemScope, userView } from './shared.ts';

/**
 * Ends a system user and revokes its grants: the system no longer acts for the enterprise. The
 * main or a co-main only (its grants may span domains no single access manager holds).
 */
export async function endSystemUser(deps: Deps, ctx: Ctx, enterpriseInput: string, id: string) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const role = await authorizeIn(tx, deps, ctx.actor, 'domain_manager.appoint', enterprise, nowDate);
    const { user, system } = await activeUser(tx, enterprise, id);
    return { systemUser: await closeSystemUser(tx, deps, ctx, { user, system, actorRole: role, now }) };
  });
}

/** Ends the system user and revokes its grants, audited at its enterprise (direct path and mandate). */
export async function closeSystemUser(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  {
    user,
    system,
    actorRole,
    now,
    by = ctx.actor.personNumber!,
  }: { user: SystemUserTable; system: SystemTable; actorRole: string; now: string; by?: string },
): Promise<SystemUserView> {
  await tx
    .updateTable('system_user_grant')
    .set({ revoked_at: now, revoked_by: by })
    .where('system_user_id', '=', user.id)
    .where('revoked_at', 'is', null)
    .execute();
  await tx.updateTable('system_user').set({ ended_at: now, ended_by: by }).where('id', '=', user.id).execute();
  await record(tx, deps, ctx, {
    at: now,
    actorRole,
    enterprise: user.enterprise_number,
    action: 'system_user.ended',
    target: user.id,
    before: { system: system.id, name: system.name },
    event: {
      type: 'system_user.ended',
      data: { systemUser: user.id, system: system.id, scope: systemScope(deps, system) },
    },
  });
  return userView(tx, { ...user, ended_at: now, ended_by: by }, system);
}
