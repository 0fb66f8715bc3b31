import { closedReason } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../shared/record.ts';
import { closeRequest, lockRequest } from '../shared/request-lifecycle.ts';
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
    const r = await lockRequest(tx, deps, 'access_request', 'requester', requester, input.id);
    if (await expireIfDue(tx, deps, ctx, r, now, 'requester')) return null;
    const closed = closedReason(r, now);
    if (closed) throw new DomainError('access_request.closed', { request: r.id, state: closed });
    const set = { status: 'withdrawn' as const, decided_at: now, updated_at: now };
    await closeRequest(tx, deps, ctx, 'access_request', r.id, set, {
      at: now,
      actorRole: 'requester',
      enterprise: r.enterprise_number,
      action: 'access_request.withdrawn',
      target: requester,
      after: { request: r.id },
    });
    return { request: requestView({ ...r, ...set }, now) };
  });
  if (!outcome) throw new DomainError('access_request.expired', { request: input.id });
  return outcome;
}
