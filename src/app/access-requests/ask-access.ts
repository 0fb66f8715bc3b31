import { randomUUID } from 'node:crypto';
import { authorizeAsking, MESSAGE_MAX, normaliseText, type RequestKind } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AccessRequestTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { resolveService } from '../grant-access.ts';
import { requireEmail, requireEnterpriseNumber, requirePhone } from '../shared/input.ts';
import { type Ctx, enterpriseName, personContact, record } from '../shared/record.ts';
import { grantActiveAt, loadRoleFacts } from '../shared/roles.ts';
import { parseEndDate } from '../shared/time.ts';
import { expireIfDue, grantersOf, mailParams, requestView } from './shared.ts';

export interface AskInput {
  enterprise: string;
  /** a service (and optionally a role of it) ... */
  service?: string;
  role?: string;
  /** ... or to be access manager of a domain */
  accessManagerOf?: string;
  message: string;
  /** the wished end date: a Brussels day (inclusive) or a date-time, not in the past */
  validUntil?: string;
  /** the requester's contact; an appointment needs both, so asking to be access manager does */
  email?: string;
  phone?: string;
}

/**
 * A logged-in person asks an enterprise for access (issue 18, section 1). The request goes, by
 * mail in their language and in the web inbox, to everyone who could grant it now; it stays open
 * until decided, withdrawn, or expired (ACCESS_REQUEST_TTL_DAYS), and a person has at most
 * ACCESS_REQUEST_MAX_OPEN_PER_ENTERPRISE open at one enterprise.
 */
export async function askAccess(deps: Deps, ctx: Ctx, input: AskInput) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  let kind: RequestKind;
  let domain: string;
  let service = '';
  let serviceRole = '';
  if (input.service !== undefined && input.accessManagerOf !== undefined) {
    throw new DomainError('validation.invalid_input', {
      field: 'service',
      reason: 'ask for a service or to be access manager, not both',
    });
  }
  if (input.service !== undefined) {
    kind = 'service';
    const resolved = resolveService(deps, input.service, input.role);
    domain = resolved.domain.code;
    service = resolved.service.code;
    serviceRole = input.role ?? '';
  } else if (input.accessManagerOf !== undefined) {
    kind = 'access_manager';
    if (input.role !== undefined) {
      throw new DomainError('validation.invalid_input', { field: 'role', reason: 'a role belongs to a service' });
    }
    if (!deps.catalogue.domain(input.accessManagerOf)) {
      throw new DomainError('catalogue.unknown_domain', { domain: input.accessManagerOf });
    }
    domain = input.accessManagerOf;
  } else {
    throw new DomainError('validation.invalid_input', {
      field: 'service',
      reason: 'give a service, or a domain in accessManagerOf',
    });
  }
  const message = normaliseText(input.message, 'message', MESSAGE_MAX, true)!;
  const wishedUntil = parseEndDate(input.validUntil, nowDate);
  const phone = input.phone ? requirePhone(input.phone) : null;
  let email = input.email ? requireEmail(input.email) : null;
  if (kind === 'access_manager') {
    if (!phone) throw new DomainError('validation.invalid_input', { field: 'phone', reason: 'required' });
    if (!email && !ctx.actor.email)
      throw new DomainError('validation.invalid_input', { field: 'email', reason: 'required' });
  }

  return deps.db.unitOfWork(async (tx) => {
    // Concurrent submissions by one person are counted one after the other (SQLite serialises writers).
    if (deps.db.engine === 'postgres') {
      await tx.selectFrom('enterprise').select('number').where('number', '=', enterprise).forUpdate().execute();
    }
    const facts = await loadRoleFacts(tx, deps.registers, enterprise, ctx.actor.personNumber, nowDate);
    authorizeAsking(ctx.actor, facts);
    const requester = ctx.actor.personNumber!;
    const contact = await personContact(tx, requester);
    email ??= ctx.actor.email ? requireEmail(ctx.actor.email) : contact.email;

    // Asking for what one already holds helps nobody and would only mail the managers.
    const holds =
      kind === 'access_manager'
        ? facts.isMain || facts.isCoMain || facts.managedDomains.includes(domain)
        : await tx
            .selectFrom('access_grant')
            .select('id')
            .where('enterprise_number', '=', enterprise)
            .where('person_number', '=', requester)
            .where('service', '=', service)
            .where('service_role', '=', serviceRole)
            .where('mandate_id', 'is', null)
            .where(grantActiveAt(now))
            .executeTakeFirst()
            .then(Boolean);
    if (holds) throw new DomainError('access_request.already_held', { kind, domain, service: service || undefined });

    const mine = await tx
      .selectFrom('access_request')
      .selectAll()
      .where('enterprise_number', '=', enterprise)
      .where('requester', '=', requester)
      .where('status', '=', 'open')
      .execute();
    const open = [];
    for (const r of mine) if (!(await expireIfDue(tx, deps, ctx, r, now, 'requester'))) open.push(r);
    const same = open.find(
      (r) => r.kind === kind && r.domain === domain && r.service === service && r.service_role === serviceRole,
    );
    if (same) throw new DomainError('access_request.already_open', { request: same.id });
    const limit = deps.config.accessRequests.maxOpenPerEnterprise;
    if (open.length >= limit) throw new DomainError('access_request.too_many_open', { limit, open: open.length });

    const row: AccessRequestTable = {
      id: randomUUID(),
      enterprise_number: enterprise,
      requester,
      kind,
      domain,
      service,
      service_role: serviceRole,
      message,
      wished_until: wishedUntil,
      email,
      phone,
      language:
        ctx.actor.locale && ['nl', 'fr', 'de', 'en'].includes(ctx.actor.locale) ? ctx.actor.locale : contact.language,
      status: 'open',
      created_at: now,
      expires_at: new Date(nowDate.getTime() + deps.config.accessRequests.ttlDays * 86_400_000).toISOString(),
      decided_by: null,
      decided_by_role: null,
      decided_at: null,
      decision_reason: null,
      granted_until: null,
      result_id: null,
      updated_at: now,
    };
    await tx.insertInto('access_request').values(row).execute();
    const granters = await grantersOf(tx, enterprise, row, now);
    const requesterName =
      contact.name ?? ([ctx.actor.givenName, ctx.actor.familyName].filter(Boolean).join(' ') || null);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: 'requester',
      enterprise,
      action: 'access_request.created',
      target: requester,
      after: {
        request: row.id,
        kind,
        domain,
        service: service || undefined,
        role: serviceRole || undefined,
        wishedUntil,
        expiresAt: row.expires_at,
        notified: granters.length,
      },
      mails: granters.map((g) => ({
        to: g.email,
        language: g.language,
        template: 'access_request_received',
        params: mailParams(row, {
          requesterName: requesterName ?? requester,
          message,
          wishedUntil,
          expiresAt: row.expires_at,
          link: `${deps.config.publicUrl}/enterprises/${enterprise}/access-requests`,
        }),
      })),
    });
    return {
      request: requestView(row, now, requesterName),
      notified: granters.length,
      enterpriseName: await enterpriseName(tx, enterprise),
    };
  });
}
