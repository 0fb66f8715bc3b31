import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { lockMandateAs, type Mandate, moveMandate, recordBothSides } from './shared.ts';

/** The other side declines a proposal; the reason, if given, reaches the proposing side. */
export async function rejectMandate(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; reason?: string },
): Promise<{ mandate: Mandate }> {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const reason = input.reason?.trim().slice(0, 500) || null;
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const { mandate, side, role } = await lockMandateAs(tx, deps, ctx, 'reject', enterprise, input.id, nowDate);
    const after = await moveMandate(tx, mandate, ['proposed'], {
      status: 'rejected',
      rejected_by: ctx.actor.personNumber,
      rejected_at: now,
      reject_reason: reason,
      updated_at: now,
    });
    await recordBothSides(tx, deps, ctx, {
      at: now,
      actorRole: role,
      actingSide: side,
      action: 'mandate.rejected',
      mandate: after,
      before: { status: mandate.status },
      extra: reason ? { reason } : undefined,
      template: 'mandate_rejected',
      now: nowDate,
    });
    return { mandate: after };
  });
}
