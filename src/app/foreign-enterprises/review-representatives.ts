/**
 * The review of a foreign enterprise's legal representatives (issue 19, section 2): no register
 * feeds them, so each the desk recorded holds until an end date. The desk sees those ending soon
 * and renews one (a new end date, at most 36 months ahead, proposed by one operator and confirmed
 * by another: four eyes) or lets it end. The end date bites by itself: from the day after, the
 * chain treats the person as a KBO legal representative whose function ended (registers read
 * `legal_function`, whose FLR row carries the same end date).
 */
import { DomainError } from '../../domain/errors.ts';
import { appendAudit } from '../../infra/audit/audit-log.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { ForeignRepresentativeTable } from '../../infra/db/schema.ts';
import { isoDate } from '../../ports.ts';
import type { Deps } from '../deps.ts';
import { requireOperator, SERVICE_DESK } from '../exception/shared.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { actorId, type Ctx, record } from '../shared/record.ts';
import { FOREIGN_FUNCTION_CODE, requireEndDate, requireNoStake } from './shared.ts';

export interface EndingRepresentative {
  id: string;
  enterpriseNumber: string;
  enterpriseName: string;
  person: string;
  familyName: string;
  givenName: string;
  endDate: string;
  renewal: { endDate: string; proposedBy: string; proposedAt: string } | null;
}

const MAX_DAYS = 366;

/** Active representatives of registered enterprises whose power ends within `days` (or ended). */
export async function listEndingRepresentatives(
  deps: Deps,
  ctx: Ctx,
  input: { days?: number },
): Promise<EndingRepresentative[]> {
  const db = deps.db.db;
  await requireOperator(db, ctx.actor);
  const days = input.days ?? 60;
  if (!Number.isInteger(days) || days < 0 || days > MAX_DAYS)
    throw new DomainError('validation.invalid_input', { field: 'days', reason: `0 to ${MAX_DAYS}` });
  const until = isoDate(new Date(deps.clock.now().getTime() + days * 86_400_000));
  const rows = await db
    .selectFrom('foreign_representative as r')
    .innerJoin('foreign_enterprise as f', 'f.number', 'r.enterprise_number')
    .select([
      'r.id',
      'r.enterprise_number',
      'f.name',
      'r.person',
      'r.family_name',
      'r.given_name',
      'r.end_date',
      'r.renewal_end_date',
      'r.renewal_proposed_by',
      'r.renewal_proposed_at',
    ])
    .where('f.status', '=', 'registered')
    .where('r.status', '=', 'active')
    .where('r.end_date', '<=', until)
    .orderBy('r.end_date')
    .orderBy('r.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    enterpriseNumber: r.enterprise_number,
    enterpriseName: r.name,
    person: r.person,
    familyName: r.family_name,
    givenName: r.given_name,
    endDate: r.end_date,
    renewal:
      r.renewal_end_date && r.renewal_proposed_by && r.renewal_proposed_at
        ? { endDate: r.renewal_end_date, proposedBy: r.renewal_proposed_by, proposedAt: r.renewal_proposed_at }
        : null,
  }));
}

async function loadRepresentative(tx: Tx, number: string, id: string): Promise<ForeignRepresentativeTable> {
  const row = await tx
    .selectFrom('foreign_representative as r')
    .innerJoin('foreign_enterprise as f', 'f.number', 'r.enterprise_number')
    .selectAll('r')
    .where('r.id', '=', id)
    .where('r.enterprise_number', '=', number)
    .where('f.status', '=', 'registered')
    .where('r.status', '=', 'active')
    .executeTakeFirst();
  if (!row) throw new DomainError('foreign_enterprise.representative_not_found', { enterprise: number, id });
  return row;
}

export async function proposeRenewal(
  deps: Deps,
  ctx: Ctx,
  input: { number: string; id: string; endDate: string },
): Promise<EndingRepresentative['renewal'] & { id: string }> {
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const number = requireEnterpriseNumber(input.number);
    const now = deps.clock.now();
    const endDate = requireEndDate(input.endDate, 'endDate', now);
    const rep = await loadRepresentative(tx, number, input.id);
    await requireNoStake(tx, operator, number);
    if (endDate <= rep.end_date)
      throw new DomainError('validation.invalid_input', { field: 'endDate', reason: `after ${rep.end_date}` });
    const at = now.toISOString();
    const r = await tx
      .updateTable('foreign_representative')
      .set({ renewal_end_date: endDate, renewal_proposed_by: operator, renewal_proposed_at: at })
      .where('id', '=', rep.id)
      .where('renewal_end_date', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new DomainError('foreign_enterprise.renewal_exists', { id: rep.id });
    await appendAudit(tx, deps.db.engine, {
      at,
      actor: actorId(ctx.actor),
      actorRole: SERVICE_DESK,
      enterprise: null,
      action: 'foreign_enterprise.renewal_proposed',
      target: number,
      before: { person: rep.person, endDate: rep.end_date },
      after: { person: rep.person, endDate },
      requestId: ctx.requestId ?? null,
    });
    const proposed = { ...rep, renewal_end_date: endDate, renewal_proposed_by: operator, renewal_proposed_at: at };
    if (!deps.config.exception.fourEyes) await renew(tx, deps, ctx, proposed, operator);
    return { id: rep.id, endDate, proposedBy: operator, proposedAt: at };
  });
}

export async function decideRenewal(
  deps: Deps,
  ctx: Ctx,
  input: { number: string; id: string; decision: 'confirm' | 'reject' },
): Promise<{ id: string; endDate: string }> {
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const number = requireEnterpriseNumber(input.number);
    const rep = await loadRepresentative(tx, number, input.id);
    if (!rep.renewal_end_date) throw new DomainError('foreign_enterprise.not_proposed', { id: rep.id });
    if (rep.renewal_proposed_by === operator) throw new DomainError('exception.four_eyes_same_operator');
    await requireNoStake(tx, operator, number);
    if (input.decision === 'confirm') return { id: rep.id, endDate: await renew(tx, deps, ctx, rep, operator) };
    await clearRenewal(tx, rep);
    await appendAudit(tx, deps.db.engine, {
      at: deps.clock.now().toISOString(),
      actor: actorId(ctx.actor),
      actorRole: SERVICE_DESK,
      enterprise: null,
      action: 'foreign_enterprise.renewal_rejected',
      target: number,
      before: { person: rep.person, proposedEndDate: rep.renewal_end_date },
      after: { person: rep.person, endDate: rep.end_date },
      requestId: ctx.requestId ?? null,
    });
    return { id: rep.id, endDate: rep.end_date };
  });
}

/** Only the renewal that was read: a second decision at once finds it gone. */
async function clearRenewal(tx: Tx, rep: ForeignRepresentativeTable, endDate?: string): Promise<void> {
  const r = await tx
    .updateTable('foreign_representative')
    .set({
      ...(endDate ? { end_date: endDate } : {}),
      renewal_end_date: null,
      renewal_proposed_by: null,
      renewal_proposed_at: null,
    })
    .where('id', '=', rep.id)
    .where('renewal_end_date', '=', rep.renewal_end_date)
    .where('renewal_proposed_at', '=', rep.renewal_proposed_at)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new DomainError('foreign_enterprise.not_proposed', { id: rep.id });
}

async function renew(tx: Tx, deps: Deps, ctx: Ctx, rep: ForeignRepresentativeTable, operator: string): Promise<string> {
  const endDate = rep.renewal_end_date as string;
  await clearRenewal(tx, rep, endDate);
  await tx
    .updateTable('legal_function')
    .set({ end_date: endDate })
    .where('enterprise_number', '=', rep.enterprise_number)
    .where('person_number', '=', rep.person)
    .where('function_code', '=', FOREIGN_FUNCTION_CODE)
    .execute();
  await record(tx, deps, ctx, {
    at: deps.clock.now().toISOString(),
    actorRole: SERVICE_DESK,
    enterprise: rep.enterprise_number,
    action: 'foreign_enterprise.representative_renewed',
    target: rep.person,
    before: { endDate: rep.end_date },
    after: { endDate, proposedBy: rep.renewal_proposed_by, confirmedBy: operator },
  });
  return endDate;
}
