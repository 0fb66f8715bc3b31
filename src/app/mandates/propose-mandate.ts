import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { type MandateSide, mandateCapacity, mandateTerm, resolveScope } from '../../domain/mandate-rules.ts';
import type { MandateTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { parseEndDate, parseStartDate } from '../shared/time.ts';
import { authorizeSide, laterOf, type Mandate, recordBothSides } from './shared.ts';

export interface ProposeMandateInput {
  /** the enterprise the actor acts for: one side of the mandate */
  enterprise: string;
  /** give exactly one: the other side. `mandator` when the office (B) proposes to a client (A). */
  mandator?: string;
  mandatary?: string;
  domains?: string[];
  services?: string[];
  validFrom?: string;
  validUntil?: string;
  /** issue 19: the mandator's capacity it is given for (docs/capacities.md); required when a named service needs one */
  capacity?: string;
}

/**
 * Either side proposes; nothing works until the other side accepts. The proposer signs for their
 * own enterprise only (LR, main or co-main there), which is why the other side must agree.
 */
export async function proposeMandate(deps: Deps, ctx: Ctx, input: ProposeMandateInput): Promise<{ mandate: Mandate }> {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  if ((input.mandator ? 1 : 0) + (input.mandatary ? 1 : 0) !== 1) {
    throw new DomainError('validation.invalid_input', {
      field: 'mandator',
      reason: 'give either mandator or mandatary',
    });
  }
  const side: MandateSide = input.mandator ? 'mandatary' : 'mandator';
  const counterpart = requireEnterpriseNumber((input.mandator ?? input.mandatary)!);
  if (counterpart === enterprise) throw new DomainError('mandate.self', { enterprise });
  const scope = resolveScope(deps.catalogue, input.domains, input.services);
  const capacity = mandateCapacity(deps.catalogue, scope, input.capacity);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  // A start in the past means "from acceptance": rights never reach back in time.
  const requestedFrom = parseStartDate(input.validFrom, nowDate);
  const validFrom = laterOf(requestedFrom, now);
  const term = mandateTerm(deps.catalogue, scope, validFrom, parseEndDate(input.validUntil, nowDate));
  return deps.db.unitOfWork(async (tx) => {
    const role = await authorizeSide(tx, deps, ctx, 'propose', enterprise, side, nowDate);
    await ctx.spend?.(1);
    const other = await deps.registers.enterprise(tx, counterpart);
    if (!other) throw new DomainError('mandate.counterpart_not_found', { enterprise: counterpart });
    if (!other.isActive) throw new DomainError('mandate.counterpart_stopped', { enterprise: counterpart });
    const mandator = side === 'mandator' ? enterprise : counterpart;
    const mandatary = side === 'mandator' ? counterpart : enterprise;
    const open = await tx
      .selectFrom('mandate')
      .select(['id', 'status'])
      .where('mandator_number', '=', mandator)
      .where('mandatary_number', '=', mandatary)
      .where('status', 'in', ['proposed', 'active'])
      .executeTakeFirst();
    if (open) throw new DomainError('mandate.already_exists', { mandate: open.id, mandateStatus: open.status });
    const row: MandateTable = {
      id: randomUUID(),
      mandator_number: mandator,
      mandatary_number: mandatary,
      status: 'proposed',
      valid_from: validFrom,
      valid_until: term.validUntil,
      proposed_by: ctx.actor.personNumber!,
      proposed_by_side: side,
      proposed_by_role: role,
      proposed_at: now,
      capacity,
      accepted_by: null,
      accepted_by_role: null,
      accepted_at: null,
      rejected_by: null,
      rejected_at: null,
      reject_reason: null,
      ended_by: null,
      ended_by_side: null,
      ended_at: null,
      end_reason: null,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('mandate').values(row).execute();
    await tx
      .insertInto('mandate_scope')
      .values(scope.map((s) => ({ mandate_id: row.id, domain: s.domain, service: s.service })))
      .execute();
    const mandate = { ...row, scope };
    await recordBothSides(tx, deps, ctx, {
      at: now,
      actorRole: role,
      actingSide: side,
      action: 'mandate.proposed',
      mandate,
      extra: term.maxMonths ? { maxMonths: term.maxMonths } : undefined,
      template: 'mandate_proposed',
      now: nowDate,
    });
    return { mandate };
  });
}
