/**
 * System users under a mandate (issue 18, section 2): the holder of an accepted mandate (an
 * accountant's office, B) lets a system act for the client (A), within the mandate. Such a system
 * user is the client's (its grants are at A, the check answers for A) and names its mandate; it is
 * managed from B by whoever may grant under the mandate to a person: B's main, a co-main, or a
 * client manager of this mandate for the service's domain (grant-under-mandate.ts). Every change
 * locks the mandate and checks that it is in force; a grant needs the service within the mandate's
 * scope and ends at the latest with it. The check API re-checks the mandate at every call.
 */
import { DomainError } from '../../domain/errors.ts';
import { mandateCarries, scopeCovers, scopeDomains } from '../../domain/mandate-rules.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { Deps } from '../deps.ts';
import { grantTerms } from '../grant-access.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, record } from '../shared/record.ts';
import { addSystemUser } from '../system-users/create-system-user.ts';
import { closeSystemUser } from '../system-users/end-system-user.ts';
import { addSystemUserGrant, type SystemGrantInput } from '../system-users/grant-system-user.ts';
import { activeUser, usersView } from '../system-users/shared.ts';
import { capToMandate } from './appoint-client-manager.ts';
import { clientManagerRole } from './grant-under-mandate.ts';
import { loadMandateFor, lockHeldMandate, type Mandate, requireInForce } from './shared.ts';

/** The power over any domain of the mandate (creating, ending): B's main, a co-main, or one of its client managers. */
async function anyDomainRole(tx: Tx, deps: Deps, ctx: Ctx, enterprise: string, mandate: Mandate) {
  const domains = scopeDomains(mandate.scope);
  for (const [i, domain] of domains.entries()) {
    try {
      return await clientManagerRole(tx, deps.registers, ctx, enterprise, mandate.id, domain, deps.clock.now());
    } catch (e) {
      if (i === domains.length - 1 || !(e instanceof DomainError) || e.code !== 'authorization.not_client_manager')
        throw e;
    }
  }
  throw new DomainError('authorization.not_client_manager', {});
}

/** The B side's audit event of a change made for the client (as a grant under a mandate records both). */
async function recordAtHolder(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  e: { enterprise: string; role: string; action: string; userId: string; mandate: Mandate; data: object },
) {
  await record(tx, deps, ctx, {
    at: deps.clock.now().toISOString(),
    actorRole: e.role,
    enterprise: e.enterprise,
    action: e.action,
    target: `${e.userId}@${e.mandate.mandator_number}`,
    after: { ...e.data, mandate: e.mandate.id, mandator: e.mandate.mandator_number },
  });
}

export async function createSystemUserUnderMandate(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; system: string },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  return deps.db.unitOfWork(async (tx) => {
    const mandate = await lockHeldMandate(tx, deps, ctx, enterprise, input.id);
    const role = await anyDomainRole(tx, deps, ctx, enterprise, mandate);
    requireInForce(mandate, deps.clock.now().toISOString());
    const systemUser = await addSystemUser(tx, deps, ctx, {
      enterprise: mandate.mandator_number,
      systemId: input.system,
      mandate: mandate.id,
      role,
      actorRole: `mandatary:${role}`,
      after: { mandate: mandate.id, mandatary: enterprise },
    });
    await recordAtHolder(tx, deps, ctx, {
      enterprise,
      role,
      action: 'system_user.created',
      userId: systemUser.id,
      mandate,
      data: { system: systemUser.system.id, name: systemUser.system.name },
    });
    return { systemUser };
  });
}

export async function grantSystemUserUnderMandate(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; systemUser: string } & SystemGrantInput,
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const terms = grantTerms(deps, input);
  return deps.db.unitOfWork(async (tx) => {
    const mandate = await lockHeldMandate(tx, deps, ctx, enterprise, input.id);
    const role = await clientManagerRole(
      tx,
      deps.registers,
      ctx,
      enterprise,
      mandate.id,
      terms.domain.code,
      terms.nowDate,
    );
    requireInForce(mandate, deps.clock.now().toISOString());
    if (!scopeCovers(mandate.scope, terms.service))
      throw new DomainError('mandate.outside_scope', { service: terms.service.code, scope: mandate.scope });
    // review 7, finding 3: what a person under this mandate may not be granted, its system may not
    if (!mandateCarries(terms.service.capacities, mandate.capacity))
      throw new DomainError('mandate.capacity_missing', {
        field: 'service',
        service: terms.service.code,
        capacities: terms.service.capacities,
        mandateCapacity: mandate.capacity,
      });
    const { user, system } = await activeUser(tx, mandate.mandator_number, input.systemUser, mandate.id);
    // never beyond the mandate: an end after it is refused, none becomes the mandate's
    const validUntil =
      terms.validUntil === null ? mandate.valid_until : capToMandate(terms.validUntil, mandate.valid_until);
    const grant = await addSystemUserGrant(tx, deps, ctx, {
      user,
      system,
      terms: { ...terms, validUntil },
      role,
      actorRole: `mandatary:${role}`,
      after: { mandate: mandate.id, mandatary: enterprise },
    });
    await recordAtHolder(tx, deps, ctx, {
      enterprise,
      role,
      action: 'system_user.granted',
      userId: user.id,
      mandate,
      data: { grant: grant.id, system: system.id, service: grant.service, validUntil: grant.validUntil },
    });
    return { grant };
  });
}

/** Ends the system user and its grants: whoever may create one under the mandate, also after the mandate ended. */
export async function endSystemUserUnderMandate(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; systemUser: string },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  return deps.db.unitOfWork(async (tx) => {
    const mandate = await lockHeldMandate(tx, deps, ctx, enterprise, input.id);
    const role = await anyDomainRole(tx, deps, ctx, enterprise, mandate);
    const { user, system } = await activeUser(tx, mandate.mandator_number, input.systemUser, mandate.id);
    const systemUser = await closeSystemUser(tx, deps, ctx, {
      user,
      system,
      actorRole: `mandatary:${role}`,
      now: deps.clock.now().toISOString(),
    });
    await recordAtHolder(tx, deps, ctx, {
      enterprise,
      role,
      action: 'system_user.ended',
      userId: user.id,
      mandate,
      data: { system: system.id },
    });
    return { systemUser };
  });
}

/** The system users under this mandate (ended ones too), for B's managers and the client's. */
export async function listSystemUsersUnderMandate(deps: Deps, ctx: Ctx, input: { enterprise: string; id: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  return deps.db.unitOfWork(async (tx) => {
    // authorized before the mandate is looked up: a stranger learns nothing of its id (review 8, finding 3c)
    await authorizeIn(tx, deps, ctx.actor, 'grant.read', enterprise, deps.clock.now());
    const { mandate } = await loadMandateFor(tx, enterprise, input.id);
    const users = await tx
      .selectFrom('system_user')
      .selectAll()
      .where('mandate_id', '=', mandate.id)
      .orderBy('created_at')
      .execute();
    return { systemUsers: await usersView(tx, users) };
  });
}
