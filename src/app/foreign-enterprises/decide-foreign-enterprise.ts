/**
 * A second operator confirms or rejects a foreign enterprise's registration (four eyes, as for
 * linking a person: the proposer may not decide). Confirming puts it in the chain under its
 * F-number: from then on its recorded legal representatives appoint a main access manager by
 * the standard procedure, and grants, mandates and the check API work as for a KBO enterprise.
 */
import { DomainError } from '../../domain/errors.ts';
import { appendAudit } from '../../infra/audit/audit-log.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { ForeignEnterpriseTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { requireOperator, SERVICE_DESK } from '../exception/shared.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { actorId, type Ctx, record } from '../shared/record.ts';
import {
  enterChain,
  type ForeignEnterpriseView,
  loadForeignEnterprise,
  requireNoStake,
  requireText,
  viewOf,
} from './shared.ts';

/**
 * Closes the proposal on condition that it is still proposed: two operators deciding at once
 * both pass the status read on PostgreSQL's read committed, and only one may win.
 */
async function close(tx: Tx, number: string, status: 'registered' | 'rejected', operator: string, at: string) {
  const r = await tx
    .updateTable('foreign_enterprise')
    .set({ status, decided_by: operator, decided_at: at })
    .where('number', '=', number)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1)
    throw new DomainError('foreign_enterprise.not_proposed', { enterprise: number, registrationStatus: 'decided' });
}

export async function confirmRegistration(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  row: ForeignEnterpriseTable,
  operator: string,
): Promise<ForeignEnterpriseTable> {
  const now = deps.clock.now();
  const at = now.toISOString();
  await close(tx, row.number, 'registered', operator, at);
  await enterChain(tx, row, now);
  await record(tx, deps, ctx, {
    at,
    actorRole: SERVICE_DESK,
    enterprise: row.number,
    action: 'foreign_enterprise.registered',
    target: row.number,
    before: { status: 'proposed' },
    after: { status: 'registered', proposedBy: row.proposed_by, euid: row.euid, name: row.name },
  });
  return { ...row, status: 'registered', decided_by: operator, decided_at: at };
}

export async function decideForeignEnterprise(
  deps: Deps,
  ctx: Ctx,
  input: { number: string; decision: 'confirm' | 'reject'; reason?: string },
): Promise<ForeignEnterpriseView> {
  // printable text only, as the desk's other texts (review 8, finding 3a)
  const reason =
    input.reason === undefined || input.reason.trim() === '' ? null : requireText(input.reason, 'reason', 1000);
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const number = requireEnterpriseNumber(input.number);
    const row = await loadForeignEnterprise(tx, number);
    if (row.status !== 'proposed')
      throw new DomainError('foreign_enterprise.not_proposed', { enterprise: number, registrationStatus: row.status });
    if (row.proposed_by === operator) throw new DomainError('exception.four_eyes_same_operator');
    await requireNoStake(tx, operator, number);
    if (input.decision === 'confirm') return viewOf(tx, await confirmRegistration(tx, deps, ctx, row, operator));
    const at = deps.clock.now().toISOString();
    await close(tx, number, 'rejected', operator, at);
    await appendAudit(tx, deps.db.engine, {
      at,
      actor: actorId(ctx.actor),
      actorRole: SERVICE_DESK,
      enterprise: null,
      action: 'foreign_enterprise.rejected',
      target: number,
      before: { status: 'proposed' },
      after: { status: 'rejected', reason },
      requestId: ctx.requestId ?? null,
    });
    return viewOf(tx, { ...row, status: 'rejected', decided_by: operator, decided_at: at });
  });
}
