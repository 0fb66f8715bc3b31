import { closedReason } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { closeRequest } from '../shared/request-lifecycle.ts';
import { expireIfDue, loadRequest, recordAtCustomer, requestView, systemName } from './shared.ts';

/**
 * The vendor takes its open request back (its main or a co-main, as for sending). Another
 * vendor's request is not found; withdrawn, it can no longer be approved. Audited at the vendor and
 * at the customer.
 */
export async function withdrawSystemUserRequest(deps: Deps, ctx: Ctx, vendorInput: string, id: string) {
  const vendor = requireEnterpriseNumber(vendorInput);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const outcome = await deps.db.unitOfWork(async (tx) => {
    const role = await authorizeIn(tx, deps, ctx.actor, 'system.register', vendor, nowDate);
    const r = await loadRequest(tx, deps, 'vendor_number', vendor, id);
    if (await expireIfDue(tx, deps, ctx, r, now, role, 'vendor')) return null;
    const closed = closedReason(r, now);
    if (closed) throw new DomainError('system_user_request.closed', { request: r.id, state: closed });
    const set = { status: 'withdrawn' as const, decided_at: now, updated_at: now };
    await closeRequest(tx, deps, ctx, 'system_user_request', r.id, set, {
      at: now,
      actorRole: role,
      enterprise: vendor,
      action: 'system_user_request.withdrawn',
      target: r.id,
      after: { enterprise: r.enterprise_number, system: r.system_id },
    });
    // the customer's history shows the request it could have approved go away, and by whom
    await recordAtCustomer(tx, deps, ctx, r, { at: now, action: 'system_user_request.withdrawn', actorRole: role });
    return { request: requestView({ ...r, ...set }, now, await systemName(tx, r.system_id)) };
  });
  if (!outcome) throw new DomainError('system_user_request.expired', { request: id });
  return outcome;
}
