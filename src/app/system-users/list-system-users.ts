import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { usersView } from './shared.ts';

/**
 * The enterprise's system users (ended ones too, with their grants), for its managers: every
 * software that can act for it, those a mandate's holder created for it included (with the mandate
 * as the reason; they are managed from the holder's side, or stopped by ending the mandate).
 */
export async function listSystemUsers(deps: Deps, ctx: Ctx, enterpriseInput: string) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'grant.read', enterprise, deps.clock.now());
    const users = await tx
      .selectFrom('system_user')
      .selectAll()
      .where('enterprise_number', '=', enterprise)
      .orderBy('created_at')
      .execute();
    return { systemUsers: await usersView(tx, users) };
  });
}
