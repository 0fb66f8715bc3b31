import { sql } from 'kysely';
import type { Deps } from './deps.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
import { personNames, targetPerson } from './shared/person-names.ts';
import type { Ctx } from './shared/record.ts';
import { instantOf } from './shared/time.ts';

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
  // A date is a Brussels calendar day, `to` inclusive of it; a date-time is inclusive too (issue 14).
  const from = input.from ? instantOf(input.from, 'start', 'from').toISOString() : undefined;
  const to = input.to ? instantOf(input.to, 'end', 'to').toISOString() : undefined;
  const nowDate = deps.clock.now();
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'audit.read', enterprise, nowDate);
    let q = tx.selectFrom('audit_event').selectAll().where('enterprise_number', '=', enterprise);
    // A prefix in which %, _ and \ are literal, with the escape named on both engines (issue 14, item 7)
    if (input.action)
      q = q.where(sql<boolean>`${sql.ref('action')} like ${`${escapeLike(input.action)}%`} escape ${'\\'}`);
    if (input.actor) q = q.where('actor', '=', input.actor);
    if (from) q = q.where('at', '>=', from);
    if (to) q = q.where('at', '<=', to);
    if (input.before !== undefined) q = q.where('seq', '<', input.before);
    const rows = await q
      .orderBy('seq', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    // who acted and on whom, by name (issue 16, item 7)
    const nameOf = await personNames(
      tx,
      page.flatMap((r) => [r.actor, targetPerson(r.target)]),
    );
    return {
      items: page.map((r) => ({
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        actorName: nameOf(r.actor),
        actorRole: r.actor_role,
        action: r.action,
        target: r.target,
        targetName: nameOf(targetPerson(r.target)),
        before: r.before_json ? JSON.parse(r.before_json) : null,
        after: r.after_json ? JSON.parse(r.after_json) : null,
        procedure: r.procedure,
        requestId: r.request_id,
      })),
      nextBefore: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  });
}

/** A LIKE pattern matching `text` literally, for `escape '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
