import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { SystemTable, SystemUserGrantTable, SystemUserTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { type GrantInput, grantTerms } from '../grant-access.ts';
import { establishmentList, requireEstablishments } from '../shared/establishments.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, record } from '../shared/record.ts';
import { activeUser, grantView, type SystemUserGrantView } from './shared.ts';

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
