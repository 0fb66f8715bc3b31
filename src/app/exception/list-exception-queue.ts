import { DomainError } from '../../domain/errors.ts';
import type { ExceptionStatus } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { openStatuses, reasons, requireOperator, timeLeft } from './shared.ts';

export interface QueueInput {
  /** one status; default: every open status */
  status?: string;
  reason?: string;
  enterprise?: string;
  /** only requests submitted at least this many calendar days ago */
  minAgeDays?: number;
  limit?: number;
}

const allStatuses: ExceptionStatus[] = [...openStatuses, 'approved', 'rejected'];

/** The service desk's queue: oldest first, with the time left against the target and a warning near or past it. */
export async function listExceptionQueue(deps: Deps, ctx: Ctx, input: QueueInput) {
  const nowDate = deps.clock.now();
  if (input.status !== undefined && !allStatuses.includes(input.status as ExceptionStatus)) {
    throw new DomainError('validation.invalid_input', { field: 'status', accepted: allStatuses });
  }
  if (input.reason !== undefined && !(reasons as readonly string[]).includes(input.reason)) {
    throw new DomainError('validation.invalid_input', { field: 'reason', accepted: reasons });
  }
  const enterprise = input.enterprise ? requireEnterpriseNumber(input.enterprise) : undefined;
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  return deps.db.unitOfWork(async (tx) => {
    await requireOperator(tx, ctx.actor);
    let q = tx
      .selectFrom('exception_request')
      .select([
        'id',
        'reference',
        'enterprise_number',
        'status',
        'reason',
        'submitted_at',
        'updated_at',
        'target_date',
        'proposed_person',
        'approved_by',
      ])
      .where('status', 'in', input.status ? [input.status as ExceptionStatus] : openStatuses);
    if (input.reason) q = q.where('reason', '=', input.reason);
    if (enterprise) q = q.where('enterprise_number', '=', enterprise);
    if (input.minAgeDays !== undefined) {
      q = q.where('submitted_at', '<=', new Date(nowDate.getTime() - input.minAgeDays * 86_400_000).toISOString());
    }
    const rows = await q.orderBy('submitted_at').orderBy('id').limit(limit).execute();
    const enterprises = [...new Set(rows.map((r) => r.enterprise_number))];
    const [names, open] = enterprises.length
      ? await Promise.all([
          tx
            .selectFrom('denomination')
            .select(['entity_number', 'denomination', 'type'])
            .where('entity_number', 'in', enterprises)
            .orderBy('type')
            .execute(),
          tx
            .selectFrom('exception_request')
            .select(['enterprise_number', (eb) => eb.fn.countAll<number>().as('n')])
            .where('enterprise_number', 'in', enterprises)
            .where('status', 'in', openStatuses)
            .groupBy('enterprise_number')
            .execute(),
        ])
      : [[], []];
    const nameOf = new Map<string, string>();
    for (const n of names) if (!nameOf.has(n.entity_number)) nameOf.set(n.entity_number, n.denomination);
    const openOf = new Map(open.map((o) => [o.enterprise_number, Number(o.n)]));
    const closed = (s: string) => s === 'approved' || s === 'rejected';
    return {
      items: rows.map((r) => {
        const left = closed(r.status)
          ? { workingDaysLeft: null, warning: null }
          : timeLeft(r.target_date, nowDate, deps.config.exception.warnWorkingDays);
        const othersOpen = (openOf.get(r.enterprise_number) ?? 0) - (closed(r.status) ? 0 : 1);
        return {
          id: r.id,
          reference: r.reference,
          enterprise: r.enterprise_number,
          enterpriseName: nameOf.get(r.enterprise_number) ?? null,
          status: r.status,
          reason: r.reason,
          submittedAt: r.submitted_at,
          updatedAt: r.updated_at,
          targetDate: r.target_date,
          workingDaysLeft: left.workingDaysLeft,
          warning: left.warning,
          duplicates: othersOpen,
          // under four eyes, whoever approved cannot confirm: the queue shows who that was
          approvedBy: r.status === 'pending_confirmation' ? r.approved_by : null,
        };
      }),
    };
  });
}
