import { closedReason } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { type Ctx, record } from '../shared/record.ts';
import { expireIfDue, requestView } from './shared.ts';

/**
 * The requester takes their open request back. Only their own: someone else's request is not
 * found (its existence is not theirs to learn). Withdrawn, it can no longer be approved.
 */
export async function withdrawAccessRequest(deps: Deps, ctx: Ctx, input: { id: string }) {
  const requester = ctx.actor.personNumber;
  if (!requester) throw new DomainError('authorization.forbidden', { reason: 'no_person_number' });
  const now = deps.clock.now().toISOString();
  const outcome = await deps.db.unitOfWork(async (tx) => {
    let q = tx.selectFrom('access_request').selectAll().where('id', '=', input.id).where('requester', '=', requester);
    if (deps.db.engine === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    if (!r) throw new DomainError('access_request.not_found', { request: input.id });
    if (await expireIfDue(tx, deps, ctx, r, now, 'requester')) return null;
    const closed = closedReason(r, now);
    if (closed) throw new DomainError('access_request.closed', { request: r.id, state: closed });
    const done = await tx
      .updateTable('access_request')
      .set({ status: 'withdrawn', decided_at: now, updated_at: now })
      .where('id', '=', r.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new DomainError('access_request.concurrent_change', { request: r.id });
    await record(tx, deps, ctx, {
      at: now,
      actorRole: 'requester',
      enterprise: r.enterprise_number,
      action: 'access_request.withdrawn',
      target: requester,
      before: { status: 'open' },
      after: { request: r.id },
    });
    return { request: requestView({ ...r, status: 'withdrawn', decided_at: now, updated_at: now }, now) };
  });
  if (!outcome) throw new DomainError('access_request.expired', { request: input.id });
  return outcome;
}
