import { DomainError } from '../domain/errors.ts';
import type { Deps } from './deps.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
import type { Ctx } from './shared/record.ts';

export interface ListAuditInput {
  enterprise: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit?: number;
  /** the seq of the last event of the previous page */
  before?: number;
}

/** The enterprise's history, newest first, for its representatives and its main and co-mains. */
export async function listAudit(deps: Deps, ctx: Ctx, input: ListAuditInput) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 1000);
  for (const [field, v] of [['from', input.from], ['to', input.to]] as const) {
    if (v !== undefined && Number.isNaN(new Date(v).getTime())) throw new DomainError('validation.invalid_input', { field, reason: 'not a date' });
  }
  const nowDate = deps.clock.now();
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps.db.engine, ctx.actor, 'audit.read', enterprise, nowDate);
    let q = tx.selectFrom('audit_event').selectAll().where('enterprise_number', '=', enterprise);
    if (input.action) q = q.where('action', 'like', `${input.action.replace(/[%_]/g, '')}%`);
    if (input.actor) q = q.where('actor', '=', input.actor);
    if (input.from) q = q.where('at', '>=', new Date(input.from).toISOString());
    if (input.to) q = q.where('at', '<', new Date(input.to).toISOString());
    if (input.before !== undefined) q = q.where('seq', '<', input.before);
    const rows = await q.orderBy('seq', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        actorRole: r.actor_role,
        action: r.action,
        target: r.target,
        before: r.before_json ? JSON.parse(r.before_json) : null,
        after: r.after_json ? JSON.parse(r.after_json) : null,
        procedure: r.procedure,
        requestId: r.request_id,
      })),
      nextBefore: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  });
}
