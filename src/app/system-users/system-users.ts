/**
 * System users (issue 18, section 2): an enterprise lets a registered system act for it, and
 * grants it online services exactly as it grants a person. Creating one, like granting a service
 * to it, is an access manager's act at that enterprise: the main, a co-main, or an access manager
 * (of any domain to create it; of the service's domain to grant that service). Grants go through
 * the same rules as a person's (grantTerms: catalogue, dates, term limits) and the same
 * authorization ('grant.manage' of the domain), checked at the moment of each change.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { SystemTable, SystemUserGrantTable, SystemUserTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { type GrantInput, grantTerms } from '../grant-access.ts';
import { establishmentList, requireEstablishments } from '../shared/establishments.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, enterpriseName, record } from '../shared/record.ts';

const Id = /^[0-9a-f-]{36}$/;

/**
 * What a system user's creation or end concerns, for webhook subscribers: the services its system
 * may be granted (a subscriber hears of it only when its scope meets one of them).
 */
function systemScope(deps: Deps, system: SystemTable) {
  return system.services
    .split(',')
    .map((service) => ({ service, domain: deps.catalogue.service(service)?.domain ?? '' }))
    .filter((i) => i.domain !== '');
}

function requireId(input: string, code: string, field: string): string {
  if (!Id.test(input)) throw new DomainError(code, { [field]: input });
  return input;
}

export interface SystemUserView {
  id: string;
  enterprise: string;
  system: { id: string; name: string; vendor: string; services: string[] };
  createdAt: string;
  createdBy: string;
  endedAt: string | null;
  /**
   * Why the system acts for the enterprise when its own managers did not let it in: the mandate
   * under which the holder (an accountant's office) created it. Null for the enterprise's own.
   */
  mandate: { id: string; mandatary: string; mandataryName: string } | null;
  grants: SystemUserGrantView[];
}

export interface SystemUserGrantView {
  id: string;
  service: string;
  role: string | null;
  domain: string;
  validFrom: string;
  validUntil: string | null;
  grantedBy: string;
  createdAt: string;
  revokedAt: string | null;
  /** establishment units the grant is limited to; empty: every unit */
  establishments: string[];
}

const grantView = (g: SystemUserGrantTable): SystemUserGrantView => ({
  id: g.id,
  service: g.service,
  role: g.service_role || null,
  domain: g.domain,
  validFrom: g.valid_from,
  validUntil: g.valid_until,
  grantedBy: g.granted_by,
  createdAt: g.created_at,
  revokedAt: g.revoked_at,
  establishments: establishmentList(g.establishments),
});

export async function userView(tx: Tx, u: SystemUserTable, s: SystemTable): Promise<SystemUserView> {
  const grants = await tx
    .selectFrom('system_user_grant')
    .selectAll()
    .where('system_user_id', '=', u.id)
    .orderBy('created_at')
    .execute();
  const mandatary = u.mandate_id
    ? (await tx.selectFrom('mandate').select('mandatary_number').where('id', '=', u.mandate_id).executeTakeFirst())
        ?.mandatary_number
    : undefined;
  return {
    id: u.id,
    enterprise: u.enterprise_number,
    system: { id: s.id, name: s.name, vendor: s.vendor_number, services: s.services.split(',') },
    createdAt: u.created_at,
    createdBy: u.created_by,
    endedAt: u.ended_at,
    mandate:
      u.mandate_id && mandatary
        ? { id: u.mandate_id, mandatary, mandataryName: await enterpriseName(tx, mandatary) }
        : null,
    grants: grants.map(grantView),
  };
}

/** The views of these system users, in their order, each with its system (a list's answer). */
export async function usersView(tx: Tx, users: SystemUserTable[]): Promise<SystemUserView[]> {
  const out: SystemUserView[] = [];
  for (const u of users) {
    const s = await tx.selectFrom('system').selectAll().where('id', '=', u.system_id).executeTakeFirstOrThrow();
    out.push(await userView(tx, u, s));
  }
  return out;
}

/**
 * The enterprise's own active system user (or, with `mandate`, the one created under that mandate),
 * or system_user.not_found: another enterprise's, or one under a mandate, is not there.
 */
export async function activeUser(tx: Tx, enterprise: string, id: string, mandate = '') {
  const u = await tx
    .selectFrom('system_user')
    .selectAll()
    .where('id', '=', requireId(id, 'system_user.not_found', 'systemUser'))
    .where('enterprise_number', '=', enterprise)
    .where('mandate_id', '=', mandate)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!u) throw new DomainError('system_user.not_found', { systemUser: id });
  const s = await tx.selectFrom('system').selectAll().where('id', '=', u.system_id).executeTakeFirstOrThrow();
  return { user: u, system: s };
}

export async function createSystemUser(deps: Deps, ctx: Ctx, enterpriseInput: string, systemId: string) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  return deps.db.unitOfWork(async (tx) => ({
    systemUser: await createSystemUserIn(tx, deps, ctx, enterprise, systemId),
  }));
}

/**
 * The creation itself, in the caller's transaction: the direct path above and the approval of a
 * vendor's request (src/app/system-user-requests/) both come here, with the authorization at this
 * moment. `origin` names the request an approval came from, in the audit event.
 */
export async function createSystemUserIn(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  enterprise: string,
  systemId: string,
  origin?: { systemUserRequest: string },
): Promise<SystemUserView> {
  // any access manager of the enterprise may let a system in; what it may do is granted per domain
  const role = await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, deps.clock.now());
  return addSystemUser(tx, deps, ctx, { enterprise, systemId, mandate: '', role, actorRole: role, after: origin });
}

/**
 * What every creation does once the creator's power is checked: the system exists, the enterprise
 * has no active system user of it yet (its own, or under this mandate), the row, and its audit
 * event and webhook at the enterprise. The direct path and a creation under a mandate share it.
 */
export async function addSystemUser(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  u: {
    enterprise: string;
    systemId: string;
    mandate: string;
    role: string;
    actorRole: string;
    after?: Record<string, unknown>;
  },
): Promise<SystemUserView> {
  const { enterprise, systemId } = u;
  const now = deps.clock.now().toISOString();
  const system = await tx
    .selectFrom('system')
    .selectAll()
    .where('id', '=', requireId(systemId, 'system.not_found', 'system'))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!system) throw new DomainError('system.not_found', { system: systemId });
  const existing = await tx
    .selectFrom('system_user')
    .select('id')
    .where('system_id', '=', system.id)
    .where('enterprise_number', '=', enterprise)
    .where('mandate_id', '=', u.mandate)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (existing) throw new DomainError('system_user.already_exists', { systemUser: existing.id });
  const user: SystemUserTable = {
    id: randomUUID(),
    system_id: system.id,
    enterprise_number: enterprise,
    created_by: ctx.actor.personNumber!,
    created_by_role: u.role,
    created_at: now,
    ended_at: null,
    ended_by: null,
    mandate_id: u.mandate,
  };
  await tx.insertInto('system_user').values(user).execute();
  await record(tx, deps, ctx, {
    at: now,
    actorRole: u.actorRole,
    enterprise,
    action: 'system_user.created',
    target: user.id,
    after: { system: system.id, name: system.name, vendor: system.vendor_number, ...u.after },
    event: {
      type: 'system_user.created',
      data: {
        systemUser: user.id,
        system: system.id,
        vendor: system.vendor_number,
        scope: systemScope(deps, system),
      },
    },
  });
  return userView(tx, user, system);
}

export type SystemGrantInput = Pick<GrantInput, 'service' | 'role' | 'validFrom' | 'validUntil' | 'establishments'>;

export async function grantSystemUser(
  deps: Deps,
  ctx: Ctx,
  enterpriseInput: string,
  id: string,
  input: SystemGrantInput,
) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  return deps.db.unitOfWork(async (tx) => ({ grant: await grantSystemUserIn(tx, deps, ctx, enterprise, id, input) }));
}

/** The grant itself, in the caller's transaction (the direct path and a request's approval). */
export async function grantSystemUserIn(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  enterprise: string,
  id: string,
  input: SystemGrantInput,
  origin?: { systemUserRequest: string },
): Promise<SystemUserGrantView> {
  const terms = grantTerms(deps, input);
  const role = await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, terms.nowDate, terms.domain.code);
  const { user, system } = await activeUser(tx, enterprise, id);
  // review 5, finding 8: limited to establishment units of this enterprise, as a person's grant
  const establishments = await requireEstablishments(tx, enterprise, input.establishments);
  return addSystemUserGrant(tx, deps, ctx, {
    user,
    system,
    terms,
    role,
    actorRole: role,
    after: origin,
    establishments,
  });
}

/**
 * What every grant to a system user does once its granter's power is checked: only a service the
 * vendor listed, no duplicate (an expired one is closed first), the row, and its audit event and
 * webhook at the system user's enterprise. The direct path and a grant under a mandate share it.
 */
export async function addSystemUserGrant(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  g: {
    user: SystemUserTable;
    system: SystemTable;
    terms: Pick<
      ReturnType<typeof grantTerms>,
      'service' | 'domain' | 'now' | 'validFrom' | 'validUntil' | 'serviceRole'
    >;
    role: string;
    actorRole: string;
    after?: Record<string, unknown>;
    /** the units it is limited to, as stored (requireEstablishments); none: every unit */
    establishments?: Awaited<ReturnType<typeof requireEstablishments>>;
  },
): Promise<SystemUserGrantView> {
  const { user, system, role } = g;
  const establishments = g.establishments ?? null;
  const { service, domain, now, validFrom, validUntil, serviceRole } = g.terms;
  const enterprise = user.enterprise_number;
  // the vendor registered what its software asks for; nothing else can be granted to it
  if (!system.services.split(',').includes(service.code))
    throw new DomainError('system_user.service_not_offered', { service: service.code, system: system.id });
  const existing = await tx
    .selectFrom('system_user_grant')
    .selectAll()
    .where('system_user_id', '=', user.id)
    .where('service', '=', service.code)
    .where('service_role', '=', serviceRole)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (existing) {
    if (existing.valid_until === null || existing.valid_until > now)
      throw new DomainError('grant.already_exists', { grant: existing.id });
    await tx
      .updateTable('system_user_grant')
      .set({ revoked_at: existing.valid_until, revoked_by: 'system:expired' })
      .where('id', '=', existing.id)
      .execute();
  }
  const grant: SystemUserGrantTable = {
    id: randomUUID(),
    system_user_id: user.id,
    enterprise_number: enterprise,
    service: service.code,
    service_role: serviceRole,
    domain: domain.code,
    granted_by: ctx.actor.personNumber!,
    granted_by_role: role,
    created_at: now,
    valid_from: validFrom,
    valid_until: validUntil,
    revoked_at: null,
    revoked_by: null,
    establishments,
  };
  await tx.insertInto('system_user_grant').values(grant).execute();
  await record(tx, deps, ctx, {
    at: now,
    actorRole: g.actorRole,
    enterprise,
    action: 'system_user.granted',
    target: user.id,
    after: {
      grant: grant.id,
      system: system.id,
      service: service.code,
      role: serviceRole || undefined,
      validFrom,
      validUntil,
      ...g.after,
    },
    event: {
      type: 'system_user.granted',
      data: {
        systemUser: user.id,
        system: system.id,
        grant: grant.id,
        service: service.code,
        role: serviceRole || null,
        validUntil,
        establishments: establishments ? establishmentList(establishments) : undefined,
      },
    },
  });
  return grantView(grant);
}

export async function revokeSystemUserGrant(
  deps: Deps,
  ctx: Ctx,
  enterpriseInput: string,
  id: string,
  grantId: string,
) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    // a stranger learns nothing about which system users or grants exist
    await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, nowDate);
    const { user, system } = await activeUser(tx, enterprise, id);
    const grant = await tx
      .selectFrom('system_user_grant')
      .selectAll()
      .where('id', '=', requireId(grantId, 'grant.not_found', 'grant'))
      .where('system_user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!grant) throw new DomainError('grant.not_found', { grant: grantId });
    const role = await authorizeIn(tx, deps, ctx.actor, 'grant.manage', enterprise, nowDate, grant.domain);
    await tx
      .updateTable('system_user_grant')
      .set({ revoked_at: now, revoked_by: ctx.actor.personNumber! })
      .where('id', '=', grant.id)
      .execute();
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'system_user.revoked',
      target: user.id,
      before: { grant: grant.id, system: system.id, service: grant.service, role: grant.service_role || undefined },
      event: {
        type: 'system_user.revoked',
        data: { systemUser: user.id, system: system.id, grant: grant.id, service: grant.service },
      },
    });
    return { grant: grantView({ ...grant, revoked_at: now, revoked_by: ctx.actor.personNumber! }) };
  });
}

/**
 * Ends a system user and revokes its grants: the system no longer acts for the enterprise. The
 * main or a co-main only (its grants may span domains no single access manager holds).
 */
export async function endSystemUser(deps: Deps, ctx: Ctx, enterpriseInput: string, id: string) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const role = await authorizeIn(tx, deps, ctx.actor, 'domain_manager.appoint', enterprise, nowDate);
    const { user, system } = await activeUser(tx, enterprise, id);
    return { systemUser: await closeSystemUser(tx, deps, ctx, { user, system, actorRole: role, now }) };
  });
}

/** Ends the system user and revokes its grants, audited at its enterprise (direct path and mandate). */
export async function closeSystemUser(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  {
    user,
    system,
    actorRole,
    now,
    by = ctx.actor.personNumber!,
  }: { user: SystemUserTable; system: SystemTable; actorRole: string; now: string; by?: string },
): Promise<SystemUserView> {
  await tx
    .updateTable('system_user_grant')
    .set({ revoked_at: now, revoked_by: by })
    .where('system_user_id', '=', user.id)
    .where('revoked_at', 'is', null)
    .execute();
  await tx.updateTable('system_user').set({ ended_at: now, ended_by: by }).where('id', '=', user.id).execute();
  await record(tx, deps, ctx, {
    at: now,
    actorRole,
    enterprise: user.enterprise_number,
    action: 'system_user.ended',
    target: user.id,
    before: { system: system.id, name: system.name },
    event: {
      type: 'system_user.ended',
      data: { systemUser: user.id, system: system.id, scope: systemScope(deps, system) },
    },
  });
  return userView(tx, { ...user, ended_at: now, ended_by: by }, system);
}

/**
 * The enterprise's system users (ended ones too, with their grants), for its managers: every
 * software that can act for it, those a mandate's holder created for it included (with the mandate
 * as the reason; they are managed from the holder's side, or stopped by ending the mandate).
 */
export async function listSystemUsers(deps: Deps, ctx: Ctx, enterpriseInput: string) {
  const enterprise = requireEnterpriseNumber(enterpriseInput);
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'grant.read', enterprise, deps.clock.now());
    const users = await tx
      .selectFrom('system_user')
      .selectAll()
      .where('enterprise_number', '=', enterprise)
      .orderBy('created_at')
      .execute();
    return { systemUsers: await usersView(tx, users) };
  });
}
