/**
 * A vendor's request to a customer enterprise to let its system act for it (issue 18, section 2):
 * what both sides see of it, loading it for a change, and its expiry. The states and their rules
 * are those of an access request (domain/access-request-rules.ts: effectiveStatus, closedReason).
 */
import { effectiveStatus } from '../../domain/access-request-rules.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { SystemUserRequestTable } from '../../infra/db/schema.ts';
import { grantersOf } from '../access-requests/shared.ts';
import type { Deps } from '../deps.ts';
import { type Ctx, type MailTo, personContact, record } from '../shared/record.ts';
import { expireIfDue as expireRequestIfDue, lockRequest } from '../shared/request-lifecycle.ts';

export type SystemUserRequest = SystemUserRequestTable;

const list = (v: string | null) => (v ? v.split(',') : []);

/** Both sides see the same fields; the state is the one at `now` (an open one past its expiry is expired). */
export function requestView(r: SystemUserRequest, now: string, systemName: string) {
  return {
    id: r.id,
    system: { id: r.system_id, name: systemName, vendor: r.vendor_number },
    enterprise: r.enterprise_number,
    services: list(r.services),
    message: r.message,
    wishedUntil: r.wished_until,
    status: effectiveStatus(r, now),
    createdAt: r.created_at,
    createdBy: r.created_by,
    expiresAt: r.expires_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    reason: r.decision_reason,
    systemUser: r.result_id,
    granted: list(r.granted),
  };
}

/** The domains of the wished services: who may approve a request is who may grant one of them. */
export function requestDomains(deps: Deps, r: Pick<SystemUserRequest, 'services'>): string[] {
  return [...new Set(list(r.services).map((s) => deps.catalogue.service(s)?.domain ?? ''))].filter(Boolean);
}

/**
 * One request, locked for the change on PostgreSQL (SQLite serialises writers). `side` names the
 * enterprise the path names: the customer deciding, or the vendor withdrawing; a request of
 * another enterprise is not found.
 */
export function loadRequest(
  tx: Tx,
  deps: Deps,
  side: 'enterprise_number' | 'vendor_number',
  enterprise: string,
  id: string,
): Promise<SystemUserRequest> {
  return lockRequest(tx, deps, 'system_user_request', side, enterprise, id);
}

/** Everyone who could approve it now: the main, co-mains and access managers of a wished service's domain. */
export async function approversOf(tx: Tx, deps: Deps, r: SystemUserRequest, now: string) {
  const seen = new Map<string, { person: string; email: string; language: string }>();
  for (const domain of requestDomains(deps, r))
    for (const g of await grantersOf(tx, r.enterprise_number, { kind: 'service', domain }, now)) seen.set(g.person, g);
  return [...seen.values()];
}

/**
 * The mail to the vendor about its request's end (refused, expired), as an access request's
 * requester is told: to the person at the vendor who sent it, in their language, with a link to
 * the vendor's sent requests. The customer's name is filled in the reader's language (namesIn).
 */
export async function vendorMail(
  tx: Tx,
  deps: Deps,
  r: SystemUserRequest,
  template: 'system_user_request_refused' | 'system_user_request_expired',
  extra: Record<string, unknown> = {},
): Promise<MailTo> {
  const sender = await personContact(tx, r.created_by);
  return {
    to: sender.email,
    language: sender.language,
    template,
    params: {
      enterprise: r.enterprise_number,
      enterpriseName: null,
      vendor: r.vendor_number,
      systemName: await systemName(tx, r.system_id),
      services: list(r.services),
      expiresAt: r.expires_at,
      link: `${deps.config.publicUrl}/enterprises/${r.vendor_number}/systems`,
      ...extra,
    },
  };
}

/**
 * Marks an open request whose time ran out as expired and audits it at the vendor (its request
 * lapsed), unlike an access request, which is filed at the enterprise asked: the vendor is the one
 * who reads its sent requests; and at the customer, whose history showed the request arrive
 * (recordAtCustomer), so that it also shows it go. `side`: whose action wrote the expiry down (the
 * customer deciding, the vendor sending or withdrawing, the lifetime sweep), for the customer's
 * copy of the role. The skeleton is shared/request-lifecycle.ts. Returns whether it did.
 */
export async function expireIfDue(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  r: SystemUserRequest,
  now: string,
  actorRole: string,
  side: 'vendor' | 'customer' | 'system',
): Promise<boolean> {
  // at the vendor, a customer's manager is recorded as `customer:<role>` (their role is the customer's)
  const atVendor = side === 'customer' && !DESK_OR_SYSTEM.includes(actorRole) ? `customer:${actorRole}` : actorRole;
  const expired = await expireRequestIfDue(tx, deps, ctx, 'system_user_request', r, now, atVendor, async () => ({
    enterprise: r.vendor_number,
    action: 'system_user_request.expired',
    target: r.id,
    after: { enterprise: r.enterprise_number, system: r.system_id, expiresAt: r.expires_at },
    // the vendor is told once, by whichever path writes the expiry down (the claim is conditional)
    mails: [await vendorMail(tx, deps, r, 'system_user_request_expired')],
  }));
  if (expired)
    await recordAtCustomer(tx, deps, ctx, r, {
      at: now,
      action: 'system_user_request.expired',
      actorRole,
      byCustomer: side === 'customer',
      after: { expiresAt: r.expires_at },
    });
  return expired;
}

export async function systemName(tx: Tx, id: string): Promise<string> {
  const s = await tx.selectFrom('system').select('name').where('id', '=', id).executeTakeFirst();
  return s?.name ?? id;
}

/**
 * The customer's copy of what happened to a request it could approve outside its own decision
 * (sent, withdrawn, expired): the same action and target (the request) as at the vendor, as a
 * mandate's change is recorded at both sides (mandates/shared.ts, recordBothSides), so the
 * customer's history shows a request arrive and go away, and by whom. A vendor's manager is
 * recorded as `vendor:<role>` (their role is the vendor's, not the customer's); the desk, the
 * lifetime sweep (`system`) and the customer's own manager (`byCustomer`: their decision found the
 * request expired) under their own role. No mails (the approvers got theirs with the vendor's
 * event) and no webhook event.
 */
/** Roles recorded as they are on either side of a request: nobody's manager acted. */
const DESK_OR_SYSTEM = ['service_desk', 'administrator', 'system'];

export async function recordAtCustomer(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  r: Pick<SystemUserRequest, 'id' | 'enterprise_number' | 'vendor_number' | 'system_id'>,
  c: {
    at: string;
    action: 'system_user_request.sent' | 'system_user_request.withdrawn' | 'system_user_request.expired';
    actorRole: string;
    byCustomer?: boolean;
    after?: Record<string, unknown>;
  },
): Promise<void> {
  const asIs = c.byCustomer || DESK_OR_SYSTEM.includes(c.actorRole);
  await record(tx, deps, ctx, {
    at: c.at,
    actorRole: asIs ? c.actorRole : `vendor:${c.actorRole}`,
    enterprise: r.enterprise_number,
    action: c.action,
    target: r.id,
    after: { vendor: r.vendor_number, system: r.system_id, ...c.after },
  });
}
