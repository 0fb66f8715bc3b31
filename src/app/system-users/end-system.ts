/**
 * The service desk ends a system (issue 18, section 2): compromised software, or a registration
 * with someone else's client ids. Every system user of it ends (its grants revoked, at each
 * enterprise, with its webhook), its client ids are released so the real vendor can register
 * them, its open requests to customers are withdrawn, and the system stays in the registry as
 * ended, with the reason, for the history. From the
 * API by an operator, or on the server with `btb operator end-system`; audited at the vendor, and
 * each withdrawn request at its customer (`system_user_request.withdrawn` under the desk's role).
 */
import { normaliseText, REASON_MAX } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Tx } from '../../infra/db/database.ts';
import { isoDate } from '../../ports.ts';
import type { Deps } from '../deps.ts';
import { requireOperator } from '../exception/shared.ts';
import { requireNoStake } from '../foreign-enterprises/shared.ts';
import { type Ctx, record } from '../shared/record.ts';
import { recordAtCustomer } from '../system-user-requests/shared.ts';
import { closeSystemUser } from './end-system-user.ts';
import { systemView } from './systems.ts';

async function endSystemIn(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  input: { system: string; reason: string; by: string; actorRole: 'service_desk' | 'administrator' },
) {
  const now = deps.clock.now().toISOString();
  let q = tx.selectFrom('system').selectAll().where('id', '=', input.system).where('ended_at', 'is', null);
  if (deps.db.engine === 'postgres') q = q.forUpdate();
  const system = await q.executeTakeFirst();
  if (!system) throw new DomainError('system.not_found', { system: input.system });
  // review 8, finding 3d: as every other desk decision, not by an operator who represents or
  // manages the vendor (the command line is the server's administrator, no person)
  if (input.actorRole === 'service_desk')
    await requireNoStake(tx, input.by, system.vendor_number, [], {
      registers: deps.registers,
      day: isoDate(deps.clock.now()),
    });
  const before = await systemView(tx, system);
  const users = await tx
    .selectFrom('system_user')
    .selectAll()
    .where('system_id', '=', system.id)
    .where('ended_at', 'is', null)
    .execute();
  for (const user of users)
    await closeSystemUser(tx, deps, ctx, { user, system, actorRole: input.actorRole, now, by: input.by });
  await tx.deleteFrom('system_client').where('system_id', '=', system.id).execute();
  // its open requests to customers close with it: nobody could approve them any more (the
  // audit event names each, so a customer's request is traceable from the vendor's history)
  const open = await tx
    .selectFrom('system_user_request')
    .select(['id', 'enterprise_number as enterprise'])
    .where('system_id', '=', system.id)
    .where('status', '=', 'open')
    .execute();
  if (open.length > 0) {
    await tx
      .updateTable('system_user_request')
      .set({
        status: 'withdrawn',
        decided_by: input.by,
        decided_by_role: input.actorRole,
        decided_at: now,
        decision_reason: input.reason,
        updated_at: now,
      })
      .where(
        'id',
        'in',
        open.map((r) => r.id),
      )
      .where('status', '=', 'open')
      .execute();
    // each customer's history shows the request it could have approved withdrawn by the desk
    for (const r of open)
      await recordAtCustomer(
        tx,
        deps,
        ctx,
        { id: r.id, enterprise_number: r.enterprise, vendor_number: system.vendor_number, system_id: system.id },
        {
          at: now,
          action: 'system_user_request.withdrawn',
          actorRole: input.actorRole,
          after: { reason: input.reason, by: input.by, systemEnded: true },
        },
      );
  }
  await tx
    .updateTable('system')
    .set({ ended_at: now, ended_by: input.by, end_reason: input.reason, updated_at: now })
    .where('id', '=', system.id)
    .execute();
  await record(tx, deps, ctx, {
    at: now,
    actorRole: input.actorRole,
    enterprise: system.vendor_number,
    action: 'system.ended',
    target: system.id,
    before: { name: before.name, clientIds: before.clientIds, services: before.services },
    after: { reason: input.reason, by: input.by, systemUsersEnded: users.length, requestsWithdrawn: open },
  });
  return { system: { ...before, clientIds: [] }, systemUsersEnded: users.length };
}

/** An operator ends it, with a reason (required: the vendor and the customers' histories show it). */
export async function endSystemByDesk(deps: Deps, ctx: Ctx, input: { system: string; reason: string }) {
  const reason = normaliseText(input.reason, 'reason', REASON_MAX, true)!;
  return deps.db.unitOfWork(async (tx) => {
    const by = await requireOperator(tx, ctx.actor);
    return endSystemIn(tx, deps, ctx, { system: input.system, reason, by, actorRole: 'service_desk' });
  });
}

/** The same on the server's command line; `by` names the server account that ran it. */
export async function endSystemFromCli(deps: Deps, input: { system: string; reason: string; by: string }) {
  const reason = normaliseText(input.reason, 'reason', REASON_MAX, true)!;
  const ctx: Ctx = { actor: { personNumber: null, loa: 'high', means: 'token', via: 'bearer' } };
  return deps.db.unitOfWork((tx) => endSystemIn(tx, deps, ctx, { ...input, reason, actorRole: 'administrator' }));
}
