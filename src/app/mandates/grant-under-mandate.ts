import { randomUUID } from 'node:crypto';
import { loaAtLeast } from '../../domain/actor.ts';
import { otherActorLevels } from '../../domain/authorize.ts';
import { DomainError } from '../../domain/errors.ts';
import { mandateCarries, scopeCovers } from '../../domain/mandate-rules.ts';
import { applyTermLimit } from '../../domain/term-limits.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { AccessGrantTable } from '../../infra/db/schema.ts';
import type { Registers } from '../../ports.ts';
import type { Deps } from '../deps.ts';
import { replaceExpiredGrant, resolveService } from '../grant-access.ts';
import { grantCreatedEvent } from '../shared/grant-view.ts';
import { requireEnterpriseNumber, requirePersonId } from '../shared/input.ts';
import { holdNumberAgainstLink } from '../shared/person-number-lock.ts';
import { type Ctx, enterpriseName, personContact, record } from '../shared/record.ts';
import { appointmentActiveAt, eligibility, loadRoleFacts } from '../shared/roles.ts';
import { parseEndDate, parseStartDate } from '../shared/time.ts';
import { capToMandate } from './appoint-client-manager.ts';
import { loadMandateFor, lockHeldMandate, type Mandate, requireInForce, requireSomeClientPower } from './shared.ts';

export interface GrantUnderMandateInput {
  /** the mandatary (B), whose employee receives the grant */
  enterprise: string;
  /** the mandate id */
  id: string;
  person: string;
  service: string;
  role?: string;
  validFrom?: string;
  validUntil?: string;
}

/**
 * A client manager of B (or B's main / a co-main) gives one of B's own people access to one of
 * the client's (A's) services, under the mandate: only what the mandate covers, never beyond
 * its end, only to someone the registers say works for B (employee or legal representative).
 */
export async function grantUnderMandate(deps: Deps, ctx: Ctx, input: GrantUnderMandateInput) {
  return deps.db.unitOfWork((tx) => grantUnderMandateIn(tx, deps, ctx, input, { notify: true }));
}

/** The same inside the caller's transaction; bulk work turns the per-grant mail off and sends one summary. */
export async function grantUnderMandateIn(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  input: GrantUnderMandateInput,
  opts: { notify: boolean },
): Promise<{ grant: AccessGrantTable; mandate: Mandate }> {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const person = requirePersonId(input.person);
  const { service, domain } = resolveService(deps, input.service, input.role);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const validFrom = parseStartDate(input.validFrom, nowDate, 'validFrom', { refusePastAs: 'grant.start_in_past' });
  const requestedUntil = parseEndDate(input.validUntil, nowDate);
  const mandate = await lockHeldMandate(tx, deps, ctx, enterprise, input.id);
  const role = await clientManagerRole(tx, deps.registers, ctx, enterprise, mandate.id, domain.code, nowDate);
  requireInForce(mandate, now);
  if (!scopeCovers(mandate.scope, service)) {
    throw new DomainError('mandate.outside_scope', { service: service.code, scope: mandate.scope });
  }
  // issue 19: a grant the check would never honour (mandate_capacity_missing) is not given
  if (!mandateCarries(service.capacities, mandate.capacity))
    throw new DomainError('mandate.capacity_missing', {
      field: 'service',
      service: service.code,
      capacities: service.capacities,
      mandateCapacity: mandate.capacity,
    });
  // The catalogue's maximum term (issue 17), then the mandate's own end.
  const term = applyTermLimit(
    deps.catalogue,
    { kind: 'grant', service: service.code, role: input.role },
    validFrom,
    requestedUntil,
  ).validUntil;
  const validUntil =
    requestedUntil !== null
      ? capToMandate(requestedUntil, mandate.valid_until)
      : term !== null && mandate.valid_until !== null && mandate.valid_until < term
        ? mandate.valid_until
        : (term ?? mandate.valid_until);
  if (validUntil && validUntil <= validFrom) throw new DomainError('grant.invalid_period', { validFrom, validUntil });
  const elig = await eligibility(tx, deps.registers, enterprise, person, nowDate);
  if (!elig.isEligible) {
    throw new DomainError('mandate.not_mandatary_staff', {
      person,
      detail: 'must be an employee or a legal representative of the mandatary',
    });
  }
  const serviceRole = input.role ?? '';
  const existing = await tx
    .selectFrom('access_grant')
    .selectAll()
    .where('mandate_id', '=', mandate.id)
    .where('person_number', '=', person)
    .where('service', '=', service.code)
    .where('service_role', '=', serviceRole)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await replaceExpiredGrant(tx, existing, now);
  const grant: AccessGrantTable = {
    id: randomUUID(),
    enterprise_number: mandate.mandator_number,
    person_number: person,
    service: service.code,
    service_role: serviceRole,
    domain: domain.code,
    mandate_id: mandate.id,
    granted_by: ctx.actor.personNumber!,
    granted_by_role: role,
    invitation_id: null,
    created_at: now,
    valid_from: validFrom,
    valid_until: validUntil,
    revoked_at: null,
    revoked_by: null,
  };
  // review 5, finding 4: a link of this number waits for this grant, and then sees it
  await holdNumberAgainstLink(tx, deps, person);
  await tx.insertInto('access_grant').values(grant).execute();
  const after = {
    grant: grant.id,
    person,
    service: service.code,
    role: serviceRole || undefined,
    validFrom,
    validUntil,
    mandate: mandate.id,
    mandator: mandate.mandator_number,
    mandatary: enterprise,
  };
  const contact = opts.notify ? await personContact(tx, person) : undefined;
  await record(tx, deps, ctx, {
    at: now,
    actorRole: `mandatary:${role}`,
    enterprise: mandate.mandator_number,
    action: 'grant.created',
    target: person,
    after,
    mails: contact
      ? [
          {
            to: contact.email,
            language: contact.language,
            template: 'granted_under_mandate',
            params: {
              enterprise: mandate.mandator_number,
              enterpriseName: await enterpriseName(tx, mandate.mandator_number),
              mandatary: enterprise,
              mandataryName: await enterpriseName(tx, enterprise),
              service: service.code,
              validUntil,
            },
          },
        ]
      : [],
    event: grantCreatedEvent(grant, { mandate: mandate.id, mandatary: enterprise }),
  });
  await record(tx, deps, ctx, {
    at: now,
    actorRole: role,
    enterprise,
    action: 'grant.created',
    target: `${person}@${mandate.mandator_number}`,
    after,
  });
  return { grant, mandate };
}

/**
 * The power to grant under a mandate, held at B: its main or a co-main, or a client manager of
 * this mandate for the service's domain. Returns the role the grant is made as.
 */
export async function clientManagerRole(
  tx: Tx,
  registers: Registers,
  ctx: Ctx,
  enterprise: string,
  mandateId: string,
  domain: string,
  now: Date,
): Promise<string> {
  const facts = await loadRoleFacts(tx, registers, enterprise, ctx.actor.personNumber, now);
  if (!ctx.actor.personNumber) throw new DomainError('authorization.forbidden', { reason: 'no_person_number' });
  let role: string | undefined = facts.isMain ? 'main' : facts.isCoMain ? 'co_main' : undefined;
  if (!role) {
    const a = await tx
      .selectFrom('appointment')
      .select('id')
      .where('mandate_id', '=', mandateId)
      .where('kind', '=', 'client')
      .where('domain', '=', domain)
      .where('person_number', '=', ctx.actor.personNumber)
      .where(appointmentActiveAt(now.toISOString()))
      .executeTakeFirst();
    if (a) role = 'client';
  }
  if (!role) throw new DomainError('authorization.not_client_manager', { domain });
  if (!facts.enterpriseActive) throw new DomainError('enterprise.stopped', {});
  const needed = otherActorLevels.clientGrant.loa;
  if (!loaAtLeast(ctx.actor.loa, needed)) {
    throw new DomainError('authentication.insufficient_assurance', { needed, current: ctx.actor.loa });
  }
  return role;
}

/** Revoking a grant made under a mandate: by whoever could make it, effective at once. */
export async function revokeMandateGrant(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; grant: string },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    // review 8, finding 3c: a stranger is refused before the mandate is looked up
    await requireSomeClientPower(tx, deps, ctx, enterprise);
    const { mandate, side } = await loadMandateFor(tx, enterprise, input.id, { lock: deps.db.engine === 'postgres' });
    if (side !== 'mandatary') throw new DomainError('mandate.wrong_side', { action: 'grant', side });
    const grant = await tx
      .selectFrom('access_grant')
      .selectAll()
      .where('id', '=', input.grant)
      .where('mandate_id', '=', mandate.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!grant) throw new DomainError('grant.not_found', { grant: input.grant });
    const role = await clientManagerRole(tx, deps.registers, ctx, enterprise, mandate.id, grant.domain, nowDate);
    await tx
      .updateTable('access_grant')
      .set({ revoked_at: now, revoked_by: ctx.actor.personNumber })
      .where('id', '=', grant.id)
      .execute();
    const before = { grant: grant.id, person: grant.person_number, service: grant.service, mandate: mandate.id };
    await record(tx, deps, ctx, {
      at: now,
      actorRole: `mandatary:${role}`,
      enterprise: mandate.mandator_number,
      action: 'grant.revoked',
      target: grant.person_number,
      before,
      event: { type: 'grant.revoked', data: { ...before, mandatary: enterprise } },
    });
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'grant.revoked',
      target: `${grant.person_number}@${mandate.mandator_number}`,
      before,
    });
    return { grant: { ...grant, revoked_at: now, revoked_by: ctx.actor.personNumber } };
  });
}
