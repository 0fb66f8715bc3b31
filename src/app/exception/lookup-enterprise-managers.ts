import { DomainError } from '../../domain/errors.ts';
import { ACTIVE_STATUS } from '../../ports.ts';
import type { Deps } from '../deps.ts';
import { activeManagers } from '../list-access-managers.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, enterpriseName, record } from '../shared/record.ts';
import { requireOperator, SERVICE_DESK } from './shared.ts';

/**
 * An operator looks up who manages an enterprise. Never silent: the look-up is written to the
 * audit log of that enterprise, in the same transaction that reads.
 */
export async function lookupEnterpriseManagers(deps: Deps, ctx: Ctx, input: { enterprise: string; purpose?: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const now = deps.clock.now().toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const exists = await tx
      .selectFrom('enterprise')
      .select('status')
      .where('number', '=', enterprise)
      .executeTakeFirst();
    if (!exists) throw new DomainError('enterprise.not_found', { enterprise });
    const managers = await activeManagers(tx, enterprise, now);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: SERVICE_DESK,
      enterprise,
      action: 'managers.looked_up',
      target: enterprise,
      after: { operator, purpose: input.purpose?.trim() || null, count: managers.length },
    });
    return {
      enterprise,
      enterpriseName: await enterpriseName(tx, enterprise),
      isStopped: exists.status !== ACTIVE_STATUS,
      managers,
    };
  });
}
