import { closedReason, decisionPower, normaliseText, REASON_MAX } from '../../domain/access-request-rules.ts';
import type { EnterpriseRole } from '../../domain/authorize.ts';
import { DomainError } from '../../domain/errors.ts';
import { appointAccessManagerIn } from '../appoint-access-manager.ts';
import type { Deps } from '../deps.ts';
import { grantAccessIn } from '../grant-access.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx, MailTo } from '../shared/record.ts';
import { closeRequest, decidedColumns } from '../shared/request-lifecycle.ts';
import { type AccessRequest, expireIfDue, loadRequest, requesterMail, requestView } from './shared.ts';

type Tx = Parameters<Parameters<Deps['db']['unitOfWork']>[0]>[0];

/**
 * The checks every decision makes, in the transaction and at this moment (convention 11): the
 * decider's power is the power of doing it directly, held now (not when the request came in);
 * the request is still open (not withdrawn, refused, approved, or past its expiry). An expiry
 * found here is committed before the refusal, like a lapsed mandate proposal.
 */
async function openForDecision(tx: Tx, deps: Deps, ctx: Ctx, enterprise: string, id: string, nowDate: Date) {
  const now = nowDate.toISOString();
  const r = await loadRequest(tx, deps, enterprise, id);
  const { action, domain } = decisionPower(r);
  const role = await authorizeIn(tx, deps, ctx.actor, action, enterprise, nowDate, domain);
  if (r.requester === ctx.actor.personNumber) throw new DomainError('access_request.own_request', { request: r.id });
  if (await expireIfDue(tx, deps, ctx, r, now, role)) return null;
  const closed = closedReason(r, now);
  if (closed) throw new DomainError('access_request.closed', { request: r.id, state: closed });
  return { r, role };
}

/** What a decision does before the request leaves 'open': the fields it sets and its audit event. */
interface Decision {
  set: Pick<Partial<AccessRequest>, 'status' | 'granted_until' | 'result_id' | 'decision_reason'>;
  action: 'access_request.approved' | 'access_request.refused';
  after: Record<string, unknown>;
  mails?: MailTo[];
}

/**
 * The one path of every decision, in one transaction: the checks of openForDecision, then what
 * this decision does (`act`), the conditional move out of 'open' and the audit event. An expiry
 * found on the way is committed, and answered as access_request.expired.
 */
async function decide(
  deps: Deps,
  ctx: Ctx,
  enterprise: string,
  id: string,
  act: (tx: Tx, r: AccessRequest, role: EnterpriseRole) => Promise<Decision>,
) {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const outcome = await deps.db.unitOfWork(async (tx) => {
    const found = await openForDecision(tx, deps, ctx, enterprise, id, nowDate);
    if (!found) return null;
    const { r, role } = found;
    const d = await act(tx, r, role);
    const decided = { ...d.set, ...decidedColumns(ctx.actor.personNumber, role, now) };
    await closeRequest(tx, deps, ctx, 'access_request', r.id, decided, {
      at: now,
      actorRole: role,
      enterprise,
      action: d.action,
      target: r.requester,
      after: { request: r.id, kind: r.kind, ...d.after },
      mails: d.mails,
    });
    return { request: requestView({ ...r, ...decided }, now) };
  });
  if (!outcome) throw new DomainError('access_request.expired', { request: id });
  return outcome;
}

/**
 * Approves: creates the grant or the appointment through the very use case of a direct one
 * (grantAccessIn, appointAccessManagerIn), with the request as its origin; the approver chooses
 * the end date (default: the one the requester wished), under that use case's rules.
 */
export async function approveAccessRequest(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; validUntil?: string | null },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  return decide(deps, ctx, enterprise, input.id, async (tx, r) => {
    const validUntil = input.validUntil === undefined ? (r.wished_until ?? undefined) : (input.validUntil ?? undefined);
    const origin = { accessRequest: r.id };
    let resultId: string;
    let grantedUntil: string | null;
    if (r.kind === 'service') {
      const g = await grantAccessIn(
        tx,
        deps,
        ctx,
        { enterprise, person: r.requester, service: r.service, role: r.service_role || undefined, validUntil },
        origin,
      );
      if (g.kind !== 'grant') throw new Error('a grant by number never becomes an invitation');
      resultId = g.grant.id;
      grantedUntil = g.grant.valid_until;
    } else {
      const { appointment } = await appointAccessManagerIn(
        tx,
        deps,
        ctx,
        {
          enterprise,
          kind: 'domain',
          domain: r.domain,
          person: r.requester,
          email: r.email ?? '',
          phone: r.phone ?? '',
          validUntil,
        },
        origin,
      );
      resultId = appointment.id;
      grantedUntil = appointment.valid_until;
    }
    // the grant or appointment mail already tells the requester; the event records the decision
    return {
      set: { status: 'approved', granted_until: grantedUntil, result_id: resultId },
      action: 'access_request.approved',
      after: { result: resultId, validUntil: grantedUntil },
    };
  });
}

/** Refuses, with a reason the requester reads (in the web app and by mail, in their language). */
export async function refuseAccessRequest(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; reason: string },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const reason = normaliseText(input.reason, 'reason', REASON_MAX, true)!;
  return decide(deps, ctx, enterprise, input.id, async (_tx, r) => ({
    set: { status: 'refused', decision_reason: reason },
    action: 'access_request.refused',
    after: { reason },
    mails: [
      requesterMail(r, 'access_request_refused', {
        reason,
        link: `${deps.config.publicUrl}/my-access-requests`,
      }),
    ],
  }));
}
