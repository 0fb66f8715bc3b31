import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { lockMandateAs, type Mandate, moveMandate, recordBothSides } from './shared.ts';

/**
 * Either side ends a mandate (or withdraws a proposal), effective at once. Every right derived
 * from it ends in the same transaction: client managers' appointments and users' grants. The
 * reads check the mandate's status as well, so even a row missed here would stop working.
 */
export async function endMandate(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; reason?: string },
): Promise<{ mandate: Mandate; endedAppointments: number; revokedGrants: number }> {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const reason = input.reason?.trim().slice(0, 200) || (null as string | null);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const { mandate, side, role } = await lockMandateAs(tx, deps, ctx, 'end', enterprise, input.id, nowDate);
    await ctx.spend?.(1);
    const endReason = reason ?? (mandate.status === 'proposed' ? 'withdrawn' : 'ended');
    const after = await moveMandate(tx, mandate, ['proposed', 'active'], {
      status: 'ended',
      ended_by: ctx.actor.personNumber,
      ended_by_side: side,
      ended_at: now,
      end_reason: endReason,
      updated_at: now,
    });
    const appointments = await tx
      .updateTable('appointment')
      .set({ ended_at: now, ended_by: ctx.actor.personNumber, end_reason: 'mandate_ended' })
      .where('mandate_id', '=', mandate.id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    const grants = await tx
      .updateTable('access_grant')
      .set({ revoked_at: now, revoked_by: 'system:mandate_ended' })
      .where('mandate_id', '=', mandate.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const endedAppointments = Number(appointments.numUpdatedRows);
    const revokedGrants = Number(grants.numUpdatedRows);
    await recordBothSides(tx, deps, ctx, {
      at: now,
      actorRole: role,
      actingSide: side,
      action: 'mandate.ended',
      mandate: after,
      before: { status: mandate.status },
      extra: { reason: endReason, endedAppointments, revokedGrants },
      template: 'mandate_ended',
      now: nowDate,
    });
    return { mandate: after, endedAppointments, revokedGrants };
  });
}
