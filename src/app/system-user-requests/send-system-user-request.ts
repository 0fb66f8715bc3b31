import { randomUUID } from 'node:crypto';
import { authorizeAsking, MESSAGE_MAX, normaliseText } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { SystemUserRequestTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, record } from '../shared/record.ts';
import { loadRoleFacts } from '../shared/roles.ts';
import { parseEndDate } from '../shared/time.ts';
import { SERVICES_MAX } from '../system-users/systems.ts';
import { approversOf, expireIfDue, recordAtCustomer, requestView } from './shared.ts';

export interface SendInput {
  vendor: string;
  system: string;
  /** the customer enterprise's number */
  enterprise: string;
  /** the wished services, each one of the system's */
  services: string[];
  message?: string;
  /** the wished end date of the grants: a Brussels day (inclusive) or a date-time, not in the past */
  validUntil?: string;
}

/**
 * A vendor asks a customer enterprise to let its system act for it (issue 18, section 2): the
 * vendor's main or co-main (who may change the system, 'system.register') names the customer by
 * number and the services it wishes, each within the system's list. The request lands in the
 * customer's inbox and, by mail in their language, with everyone who could approve it; it stays
 * open until decided, withdrawn or expired (SYSTEM_USER_REQUEST_TTL_DAYS). One open request per
 * system and customer; none while the system already acts for the customer.
 */
export async function sendSystemUserRequest(deps: Deps, ctx: Ctx, input: SendInput) {
  const vendor = requireEnterpriseNumber(input.vendor);
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const services = [...new Set(input.services.map((s) => s.trim()))].sort();
  if (services.length < 1 || services.length > SERVICES_MAX)
    throw new DomainError('validation.invalid_input', { field: 'services', reason: `1 to ${SERVICES_MAX} services` });
  const message = normaliseText(input.message, 'message', MESSAGE_MAX, false);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const wishedUntil = parseEndDate(input.validUntil, nowDate);

  return deps.db.unitOfWork(async (tx) => {
    // Two enterprises' rows, locked in the order of their numbers in one statement (docs/
    // consistency.md, "Lock order"): locked vendor first, a vendor and its customer sending each
    // other a request at one moment deadlocked (review 8, lock-order check)
    if (deps.db.engine === 'postgres')
      await tx
        .selectFrom('enterprise')
        .select('number')
        .where('number', 'in', [vendor, enterprise])
        .orderBy('number')
        .forUpdate()
        .execute();
    const role = await authorizeIn(tx, deps, ctx.actor, 'system.register', vendor, nowDate);
    // another vendor's system is not there for this vendor (as in updateSystem)
    const system = await tx
      .selectFrom('system')
      .selectAll()
      .where('id', '=', input.system)
      .where('vendor_number', '=', vendor)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (!system) throw new DomainError('system.not_found', { system: input.system });
    // the vendor's own enterprise creates its system user directly
    if (enterprise === vendor) throw new DomainError('system_user_request.own_enterprise', { enterprise });
    const offered = system.services.split(',');
    const outside = services.filter((s) => !offered.includes(s));
    if (outside.length > 0)
      throw new DomainError('system_user.service_not_offered', { service: outside[0], system: system.id });
    // a customer that does not exist or has stopped has nobody to approve (as for an access
    // request); its row is locked above
    authorizeAsking(ctx.actor, await loadRoleFacts(tx, deps.registers, enterprise, null, nowDate));
    const active = await tx
      .selectFrom('system_user')
      .select('id')
      .where('system_id', '=', system.id)
      .where('enterprise_number', '=', enterprise)
      .where('mandate_id', '=', '')
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (active) throw new DomainError('system_user.already_exists', { systemUser: active.id });
    const open = await tx
      .selectFrom('system_user_request')
      .selectAll()
      .where('system_id', '=', system.id)
      .where('enterprise_number', '=', enterprise)
      .where('status', '=', 'open')
      .execute();
    for (const r of open)
      if (!(await expireIfDue(tx, deps, ctx, r, now, role, 'vendor')))
        throw new DomainError('system_user_request.already_open', { request: r.id });

    const row: SystemUserRequestTable = {
      id: randomUUID(),
      system_id: system.id,
      vendor_number: vendor,
      enterprise_number: enterprise,
      services: services.join(','),
      message,
      wished_until: wishedUntil,
      status: 'open',
      created_by: ctx.actor.personNumber!,
      created_by_role: role,
      created_at: now,
      expires_at: new Date(nowDate.getTime() + deps.config.accessRequests.systemUserTtlDays * 86_400_000).toISOString(),
      decided_by: null,
      decided_by_role: null,
      decided_at: null,
      decision_reason: null,
      result_id: null,
      granted: null,
      updated_at: now,
    };
    await tx.insertInto('system_user_request').values(row).execute();
    const approvers = await approversOf(tx, deps, row, now);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise: vendor,
      action: 'system_user_request.sent',
      target: row.id,
      after: {
        enterprise,
        system: system.id,
        services,
        wishedUntil,
        expiresAt: row.expires_at,
        notified: approvers.length,
      },
      mails: approvers.map((a) => ({
        to: a.email,
        language: a.language,
        template: 'system_user_request_received',
        params: {
          enterprise,
          enterpriseName: null,
          vendor,
          vendorName: null,
          systemName: system.name,
          services,
          message,
          wishedUntil,
          expiresAt: row.expires_at,
          link: `${deps.config.publicUrl}/enterprises/${enterprise}/system-users`,
        },
      })),
    });
    // the customer's history shows the request arrive, whoever of its managers reads the inbox
    await recordAtCustomer(tx, deps, ctx, row, {
      at: now,
      action: 'system_user_request.sent',
      actorRole: role,
      after: { services, wishedUntil, expiresAt: row.expires_at },
    });
    return { request: requestView(row, now, system.name), notified: approvers.length };
  });
}
