import { effectiveStatus } from '../../domain/access-request-rules.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { AccessRequestTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx, MailTo } from '../shared/record.ts';
import { expireIfDue as expireRequestIfDue, lockRequest } from '../shared/request-lifecycle.ts';
import { appointmentActiveAt } from '../shared/roles.ts';

export type AccessRequest = AccessRequestTable;

/** What the API shows of a request (both sides see the same fields; the state is the one at `now`). */
export function requestView(r: AccessRequest, now: string, requesterName?: string | null) {
  return {
    id: r.id,
    enterprise: r.enterprise_number,
    requester: r.requester,
    requesterName: requesterName ?? null,
    kind: r.kind,
    domain: r.domain,
    service: r.service || null,
    role: r.service_role || null,
    message: r.message,
    wishedUntil: r.wished_until,
    status: effectiveStatus(r, now),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    reason: r.decision_reason,
    grantedUntil: r.granted_until,
    result: r.result_id,
  };
}

/**
 * One request of this enterprise, locked for the decision on PostgreSQL (SQLite serialises
 * writers). A request of another enterprise is not found here: the path names the enterprise.
 */
export function loadRequest(tx: Tx, deps: Deps, enterprise: string, id: string): Promise<AccessRequest> {
  return lockRequest(tx, deps, 'access_request', 'enterprise_number', enterprise, id);
}

/**
 * Who could grant what the request asks, now: the main and co-main access managers, and for a
 * service the access managers of its domain. One mail each, to the contact address of their
 * appointment, in their own language.
 */
export async function grantersOf(
  tx: Tx,
  enterprise: string,
  r: { kind: AccessRequest['kind']; domain: string },
  now: string,
): Promise<{ person: string; email: string; language: string }[]> {
  const rows = await tx
    .selectFrom('appointment')
    .leftJoin('person', 'person.number', 'appointment.person_number')
    .select(['appointment.person_number as person', 'appointment.email as email', 'person.language as language'])
    .where('appointment.enterprise_number', '=', enterprise)
    .where('appointment.mandate_id', 'is', null)
    .where(appointmentActiveAt(now))
    .where((eb) =>
      r.kind === 'service'
        ? eb.or([
            eb('appointment.kind', 'in', ['main', 'co_main']),
            eb.and([eb('appointment.kind', '=', 'domain'), eb('appointment.domain', '=', r.domain)]),
          ])
        : eb('appointment.kind', 'in', ['main', 'co_main']),
    )
    .orderBy('appointment.person_number')
    .execute();
  const seen = new Set<string>();
  const out: { person: string; email: string; language: string }[] = [];
  for (const row of rows) {
    if (seen.has(row.person)) continue;
    seen.add(row.person);
    out.push({ person: row.person, email: row.email, language: row.language ?? 'nl' });
  }
  return out;
}

/** The mail that tells the requester what became of their request. */
export function requesterMail(r: AccessRequest, template: string, extra: Record<string, unknown> = {}): MailTo {
  return { to: r.email, language: r.language, template, params: mailParams(r, extra) };
}

export function mailParams(r: AccessRequest, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    enterprise: r.enterprise_number,
    enterpriseName: null,
    kind: r.kind,
    domain: r.domain,
    service: r.service || null,
    role: r.service_role || null,
    ...extra,
  };
}

/**
 * Marks an open request whose time ran out as expired, and audits it at the enterprise, with the
 * requester as its target (shared/request-lifecycle.ts: the same skeleton as a vendor's request);
 * the sweep also tells the requester (`mails`). Returns whether it did.
 */
export function expireIfDue(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  r: AccessRequest,
  now: string,
  actorRole: string,
  mails: MailTo[] = [],
): Promise<boolean> {
  return expireRequestIfDue(tx, deps, ctx, 'access_request', r, now, actorRole, {
    enterprise: r.enterprise_number,
    action: 'access_request.expired',
    target: r.requester,
    after: { request: r.id, expiresAt: r.expires_at },
    mails,
  });
}
