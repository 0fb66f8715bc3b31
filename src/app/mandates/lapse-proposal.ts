import type { EnterpriseRole } from '../../domain/authorize.ts';
import { type LapseReason, type MandateSide, proposalLapse } from '../../domain/mandate-rules.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { Registers } from '../../ports.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../shared/record.ts';
import { loadRoleFacts } from '../shared/roles.ts';
import { type Mandate, recordBothSides } from './shared.ts';

/** Why the proposal can no longer be accepted, or null when its proposer still holds the power. */
export async function proposerLostPower(
  tx: Tx,
  registers: Registers,
  m: Mandate,
  now: Date,
): Promise<LapseReason | null> {
  const enterprise = m.proposed_by_side === 'mandator' ? m.mandator_number : m.mandatary_number;
  return proposalLapse(await loadRoleFacts(tx, registers, enterprise, m.proposed_by, now));
}

/**
 * Closes a proposal whose proposer lost the power to make it (issue 13, finding 3): the state
 * moves to lapsed, both sides' audit logs say why, and both sides are told by mail (the proposing
 * side learns that its proposal needs making again by someone who may). The caller commits this
 * and then refuses the acceptance.
 */
export async function lapseProposal(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  c: { mandate: Mandate; reason: LapseReason; side: MandateSide; role: EnterpriseRole; now: Date },
): Promise<void> {
  const at = c.now.toISOString();
  const ended = {
    status: 'lapsed' as const,
    ended_by: 'system:proposal_lapsed',
    ended_at: at,
    end_reason: c.reason,
    updated_at: at,
  };
  await tx.updateTable('mandate').set(ended).where('id', '=', c.mandate.id).where('status', '=', 'proposed').execute();
  await recordBothSides(tx, deps, ctx, {
    at,
    actorRole: c.role,
    actingSide: c.side,
    action: 'mandate.lapsed',
    mandate: { ...c.mandate, ...ended },
    before: { status: c.mandate.status },
    extra: { reason: c.reason, proposedBy: c.mandate.proposed_by_role },
    template: 'mandate_lapsed',
    now: c.now,
  });
}
