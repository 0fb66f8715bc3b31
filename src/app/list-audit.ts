import { sql } from 'kysely';
import type { Tx } from '../infra/db/database.ts';
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
    const systemOf = await systemNames(tx, page);
    return {
      items: page.map((r) => ({
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        actorName: nameOf(r.actor),
        actorRole: r.actor_role,
        action: r.action,
        target: r.target,
        targetName: nameOf(targetPerson(r.target)) ?? systemOf(r),
        before: r.before_json ? JSON.parse(r.before_json) : null,
        after: r.after_json ? JSON.parse(r.after_json) : null,
        procedure: r.procedure,
        requestId: r.request_id,
      })),
      nextBefore: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  });
}

/**
 * The software product a system event concerns, by name: its target is the id of a system, of a
 * system user or of a system-user request (a UUID a reader cannot place), so the history names the
 * system instead. Three look-ups at most, only for the kinds on the page; an id no table knows
 * (a row removed since) has no name.
 */
async function systemNames(tx: Tx, page: { action: string; target: string | null }[]) {
  const idsOf = (prefix: string) => [
    ...new Set(page.filter((r) => r.action.startsWith(prefix) && r.target).map((r) => r.target as string)),
  ];
  const names = new Map<string, string>();
  const systems = idsOf('system.');
  const users = idsOf('system_user.');
  const requests = idsOf('system_user_request.');
  for (let i = 0; i < systems.length; i += 500)
    for (const s of await tx
      .selectFrom('system')
      .select(['id', 'name'])
      .where('id', 'in', systems.slice(i, i + 500))
      .execute())
      names.set(`system.:${s.id}`, s.name);
  for (const [prefix, table, ids] of [
    ['system_user.', 'system_user', users],
    ['system_user_request.', 'system_user_request', requests],
  ] as const)
    for (let i = 0; i < ids.length; i += 500)
      for (const s of await tx
        .selectFrom(`${table} as x` as 'system_user as x')
        .innerJoin('system', 'system.id', 'x.system_id')
        .select(['x.id as id', 'system.name as name'])
        .where('x.id', 'in', ids.slice(i, i + 500))
        .execute())
        names.set(`${prefix}:${s.id}`, s.name);
  return (r: { action: string; target: string | null }): string | null => {
    const prefix = ['system_user_request.', 'system_user.', 'system.'].find((p) => r.action.startsWith(p));
    return prefix && r.target ? (names.get(`${prefix}:${r.target}`) ?? null) : null;
  };
}

/** A LIKE pattern matching `text` literally, for `escape '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
