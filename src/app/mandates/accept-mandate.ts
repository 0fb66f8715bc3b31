import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { lapseProposal, proposerLostPower } from './lapse-proposal.ts';
import { laterOf, lockMandateAs, type Mandate, moveMandate, recordBothSides } from './shared.ts';

/**
 * The other side agrees: from this commit (or the agreed start, if later) the mandate is in
 * force, and the mandatary's main access manager may appoint client managers under it.
 */
export async function acceptMandate(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string },
): Promise<{ mandate: Mandate }> {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const outcome = await deps.db.unitOfWork(async (tx) => {
    const { mandate, side, role } = await lockMandateAs(tx, deps, ctx, 'accept', enterprise, input.id, nowDate);
    // A proposal left lying past its own end date cannot start any more.
    if (mandate.valid_until !== null && mandate.valid_until <= now) {
      throw new DomainError('mandate.expired', { mandate: mandate.id, validUntil: mandate.valid_until });
    }
    // The proposer's power is checked again now (issue 13, finding 3): if it is gone, the
    // proposal lapses, and that is committed before the acceptance is refused.
    const lapsed = await proposerLostPower(tx, deps.registers, mandate, nowDate);
    if (lapsed) {
      await lapseProposal(tx, deps, ctx, { mandate, reason: lapsed, side, role, now: nowDate });
      return { lapsed, mandate };
    }
    const validFrom = laterOf(mandate.valid_from, now);
    const after = await moveMandate(tx, mandate, ['proposed'], {
      status: 'active',
      accepted_by: ctx.actor.personNumber,
      accepted_by_role: role,
      accepted_at: now,
      valid_from: validFrom,
      updated_at: now,
    });
    await recordBothSides(tx, deps, ctx, {
      at: now,
      actorRole: role,
      actingSide: side,
      action: 'mandate.accepted',
      mandate: after,
      before: { status: mandate.status },
      template: 'mandate_accepted',
      now: nowDate,
    });
    return { mandate: after };
  });
  if ('lapsed' in outcome) {
    throw new DomainError('mandate.proposal_lapsed', { mandate: outcome.mandate.id, reason: outcome.lapsed });
  }
  return outcome;
}
