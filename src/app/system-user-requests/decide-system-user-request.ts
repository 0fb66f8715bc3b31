import { canDecide, closedReason, normaliseText, REASON_MAX } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx, MailTo } from '../shared/record.ts';
import { closeRequest, decidedColumns } from '../shared/request-lifecycle.ts';
import { loadRoleFacts } from '../shared/roles.ts';
import { createSystemUserIn } from '../system-users/create-system-user.ts';
import { grantSystemUserIn } from '../system-users/grant-system-user.ts';
import {
  expireIfDue,
  loadRequest,
  requestDomains,
  requestView,
  type SystemUserRequest,
  systemName,
  vendorMail,
} from './shared.ts';

/** What a decision sets before the request leaves 'open', and what its audit event says. */
interface Decision {
  set: Pick<Partial<SystemUserRequest>, 'status' | 'result_id' | 'granted' | 'decision_reason'>;
  action: 'system_user_request.approved' | 'system_user_request.refused';
  after: Record<string, unknown>;
  mails?: MailTo[];
}

/**
 * The one path of both decisions, in one transaction and at this moment: the request of this
 * enterprise, locked; the decider's power now (an access manager of one of the wished services'
 * domains, the main or a co-main: 'grant.manage'); the request still open (an expiry found here
 * is committed and answered as system_user_request.expired); then what the decision does, and the
 * conditional move out of 'open' (409 when another decision won).
 *
 * It reads like decide() of access-requests/decide-access-request.ts and shares its steps
 * (closeRequest, decidedColumns, expireIfDue through request-lifecycle.ts); the two stay apart
 * because the power differs: an access request needs grant.manage on its one domain (or
 * domain_manager.appoint when it asks to be access manager), a system user's request wishes
 * services of several domains and the decider needs one of them; and its requester is a vendor
 * enterprise, not a person, so there is no "own request" refusal.
 */
async function decide(
  deps: Deps,
  ctx: Ctx,
  enterpriseInput: string,
  id: string,
  act: (tx: Tx, r: SystemUserRequest) => Promise<Decision>,
) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const outcome = await deps.db.unitOfWork(async (tx) => {
    // a stranger learns nothing about which requests exist
    await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, nowDate);
    const r = await loadRequest(tx, deps, 'enterprise_number', enterprise, id);
    const facts = await loadRoleFacts(tx, deps.registers, enterprise, ctx.actor.personNumber, nowDate);
    const domains = requestDomains(deps, r);
    // the power over one of the wished services' domains; without it, the refusal a direct grant gives
    const domain = domains.find((d) => canDecide(facts, { kind: 'service', domain: d })) ?? domains[0];
    const role = await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, nowDate, domain);
    if (await expireIfDue(tx, deps, ctx, r, now, role, 'customer')) return null;
    const closed = closedReason(r, now);
    if (closed) throw new DomainError('system_user_request.closed', { request: r.id, state: closed });
    const d = await act(tx, r);
    const decided = { ...d.set, ...decidedColumns(ctx.actor.personNumber, role, now) };
    await closeRequest(tx, deps, ctx, 'system_user_request', r.id, decided, {
      at: now,
      actorRole: role,
      enterprise,
      action: d.action,
      target: r.id,
      after: { vendor: r.vendor_number, system: r.system_id, ...d.after },
      mails: d.mails,
    });
    return { request: requestView({ ...r, ...decided }, now, await systemName(tx, r.system_id)) };
  });
  if (!outcome) throw new DomainError('system_user_request.expired', { request: id });
  return outcome;
}

export interface ApproveInput {
  enterprise: string;
  id: string;
  /** the services to grant: some of the wished ones (default: all of them) */
  services?: string[];
  /** the grants' end date (default: the one the vendor wished; null: none) */
  validUntil?: string | null;
}

/**
 * Approves: creates the system user and grants it the services through the very use cases of the
 * direct path (createSystemUserIn, grantSystemUserIn), each checking the approver's power at this
 * moment. A service the approver may not grant is refused (403, nothing changes): an access
 * manager of one domain approves by choosing, in `services`, the wished services of their domain.
 * The ones left out are not granted; the approval says which were.
 */
export async function approveSystemUserRequest(deps: Deps, ctx: Ctx, input: ApproveInput) {
  return decide(deps, ctx, input.enterprise, input.id, async (tx, r) => {
    const wished = r.services.split(',');
    const chosen = input.services === undefined ? wished : [...new Set(input.services)].sort();
    if (chosen.length < 1 || chosen.some((s) => !wished.includes(s)))
      throw new DomainError('validation.invalid_input', {
        field: 'services',
        reason: 'one or more of the services the request wishes',
      });
    const validUntil = input.validUntil === undefined ? (r.wished_until ?? undefined) : (input.validUntil ?? undefined);
    const origin = { systemUserRequest: r.id };
    const user = await createSystemUserIn(tx, deps, ctx, r.enterprise_number, r.system_id, origin);
    for (const service of chosen)
      await grantSystemUserIn(tx, deps, ctx, r.enterprise_number, user.id, { service, validUntil }, origin);
    return {
      set: { status: 'approved', result_id: user.id, granted: chosen.join(',') },
      action: 'system_user_request.approved',
      after: { systemUser: user.id, granted: chosen, validUntil: validUntil ?? null },
    };
  });
}

/** Refuses, with a reason the vendor reads in its list of sent requests and, by mail, in its language. */
export async function refuseSystemUserRequest(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; reason: string },
) {
  const reason = normaliseText(input.reason, 'reason', REASON_MAX, true)!;
  return decide(deps, ctx, input.enterprise, input.id, async (tx, r) => ({
    set: { status: 'refused', decision_reason: reason },
    action: 'system_user_request.refused',
    after: { reason },
    mails: [await vendorMail(tx, deps, r, 'system_user_request_refused', { reason })],
  }));
}
