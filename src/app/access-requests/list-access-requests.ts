import { canDecide, type RequestStatus } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { loadRoleFacts } from '../shared/roles.ts';
import { requestView } from './shared.ts';

const LIMIT = 200;

/**
 * The granters' inbox (issue 18): the enterprise's requests that this person could decide now
 * (the main and co-mains see every one, an access manager those for services of their domains),
 * open ones by default, oldest first. Anyone else is refused, like any read of the enterprise.
 */
export async function listInbox(deps: Deps, ctx: Ctx, input: { enterprise: string; state?: 'open' | 'decided' }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const rows = await deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'grant.read', enterprise, nowDate);
    const facts = await loadRoleFacts(tx, deps.registers, enterprise, ctx.actor.personNumber, nowDate);
    let q = tx
      .selectFrom('access_request')
      .leftJoin('person', 'person.number', 'access_request.requester')
      .selectAll('access_request')
      .select(['person.given_name', 'person.family_name'])
      .where('access_request.enterprise_number', '=', enterprise);
    q =
      input.state === 'decided'
        ? q
            .where((eb) => eb.or([eb('status', '!=', 'open'), eb('expires_at', '<=', now)]))
            .orderBy('updated_at', 'desc')
        : q.where('status', '=', 'open').where('expires_at', '>', now).orderBy('created_at', 'asc');
    const all = await q.limit(LIMIT * 4).execute();
    return all.filter((r) => canDecide(facts, r)).slice(0, LIMIT);
  });
  return {
    requests: rows.map((r) =>
      requestView(r, now, r.given_name || r.family_name ? `${r.given_name ?? ''} ${r.family_name ?? ''}`.trim() : null),
    ),
  };
}

/** The requester's own requests, at every enterprise, newest first. */
export async function listMyAccessRequests(deps: Deps, ctx: Ctx, input: { status?: RequestStatus } = {}) {
  const requester = ctx.actor.personNumber;
  if (!requester) throw new DomainError('authorization.forbidden', { reason: 'no_person_number' });
  const now = deps.clock.now().toISOString();
  const rows = await deps.db.db
    .selectFrom('access_request')
    .selectAll()
    .where('requester', '=', requester)
    .orderBy('created_at', 'desc')
    .limit(LIMIT)
    .execute();
  const views = rows.map((r) => requestView(r, now));
  return { requests: input.status ? views.filter((v) => v.status === input.status) : views };
}
