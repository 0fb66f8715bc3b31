import { canDecide } from '../../domain/access-request-rules.ts';
import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { loadRoleFacts } from '../shared/roles.ts';
import { requestDomains, requestView } from './shared.ts';

const LIMIT = 200;

function rows(deps: Deps) {
  return deps.db.db
    .selectFrom('system_user_request')
    .innerJoin('system', 'system.id', 'system_user_request.system_id')
    .selectAll('system_user_request')
    .select('system.name as system_name');
}

/**
 * The customer's inbox: the vendors' requests this person could approve now (the main and
 * co-mains every one, an access manager those wishing a service of their domains), open ones
 * first (oldest first), then the decided ones (newest first).
 */
export async function listSystemUserRequests(deps: Deps, ctx: Ctx, enterpriseInput: string) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const facts = await deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'grant.read', enterprise, nowDate);
    return loadRoleFacts(tx, deps.registers, enterprise, ctx.actor.personNumber, nowDate);
  });
  const all = await rows(deps)
    .where('system_user_request.enterprise_number', '=', enterprise)
    .orderBy('system_user_request.created_at', 'desc')
    .limit(LIMIT * 4)
    .execute();
  const views = all
    .filter((r) => requestDomains(deps, r).some((domain) => canDecide(facts, { kind: 'service', domain })))
    .slice(0, LIMIT)
    .map((r) => requestView(r, now, r.system_name));
  const open = views.filter((v) => v.status === 'open').reverse();
  return { requests: [...open, ...views.filter((v) => v.status !== 'open')] };
}

/** The vendor's sent requests, newest first, with the customers' answers: for its main and co-mains. */
export async function listSentSystemUserRequests(deps: Deps, ctx: Ctx, vendorInput: string) {
  const vendor = requireEnterpriseNumber(vendorInput);
  const nowDate = deps.clock.now();
  await deps.db.unitOfWork((tx) => authorizeIn(tx, deps, ctx.actor, 'system.register', vendor, nowDate));
  const all = await rows(deps)
    .where('system_user_request.vendor_number', '=', vendor)
    .orderBy('system_user_request.created_at', 'desc')
    .limit(LIMIT)
    .execute();
  return { requests: all.map((r) => requestView(r, nowDate.toISOString(), r.system_name)) };
}
