import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { SystemUserTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, record } from '../shared/record.ts';
import { requireId, type SystemUserView, systemScope, userView } from './shared.ts';

export async function createSystemUser(deps: Deps, ctx: Ctx, enterpriseInput: string, systemId: string) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  return deps.db.unitOfWork(async (tx) => ({
    systemUser: await createSystemUserIn(tx, deps, ctx, enterprise, systemId),
  }));
}

/**
 * The creation itself, in the caller's transaction: the direct path above and the approval of a
 * vendor's request (src/app/system-user-requests/) both come here, with the authorization at this
 * moment. `origin` names the request an approval came from, in the audit event.
 */
export async function createSystemUserIn(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  enterprise: string,
  systemId: string,
  origin?: { systemUserRequest: string },
): Promise<SystemUserView> {
  // any access manager of the enterprise may let a system in; what it may do is granted per domain
  const role = await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, deps.clock.now());
  return addSystemUser(tx, deps, ctx, { enterprise, systemId, mandate: '', role, actorRole: role, after: origin });
}

/**
 * What every creation does once the creator's power is checked: the system exists, the enterprise
 * has no active system user of it yet (its own, or under this mandate), the row, and its audit
 * event and webhook at the enterprise. The direct path and a creation under a mandate share it.
 */
export async function addSystemUser(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  u: {
    enterprise: string;
    systemId: string;
    mandate: string;
    role: string;
    actorRole: string;
    after?: Record<string, unknown>;
  },
): Promise<SystemUserView> {
  const { enterprise, systemId } = u;
  const now = deps.clock.now().toISOString();
  const system = await tx
    .selectFrom('system')
    .selectAll()
    .where('id', '=', requireId(systemId, 'system.not_found', 'system'))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!system) throw new DomainError('system.not_found', { system: systemId });
  const existing = await tx
    .selectFrom('system_user')
    .select('id')
    .where('system_id', '=', system.id)
    .where('enterprise_number', '=', enterprise)
    .where('mandate_id', '=', u.mandate)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (existing) throw new DomainError('system_user.already_exists', { systemUser: existing.id });
  const user: SystemUserTable = {
    id: randomUUID(),
    system_id: system.id,
    enterprise_number: enterprise,
    created_by: ctx.actor.personNumber!,
    created_by_role: u.role,
    created_at: now,
    ended_at: null,
    ended_by: null,
    mandate_id: u.mandate,
  };
  await tx.insertInto('system_user').values(user).execute();
  await record(tx, deps, ctx, {
    at: now,
    actorRole: u.actorRole,
    enterprise,
    action: 'system_user.created',
    target: user.id,
    after: { system: system.id, name: system.name, vendor: system.vendor_number, ...u.after },
    event: {
      type: 'system_user.created',
      data: {
        systemUser: user.id,
        system: system.id,
        vendor: system.vendor_number,
        scope: systemScope(deps, system),
      },
    },
  });
  return userView(tx, user, system);
}
