import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import { applyTermLimit } from '../domain/term-limits.ts';
import type { Tx } from '../infra/db/database.ts';
import type { AppointmentTable } from '../infra/db/schema.ts';
import { notEligible } from './appoint-main-access-manager.ts';
import type { Deps } from './deps.ts';
import type { Origin } from './grant-access.ts';
import { managementChangedMails } from './management/management-changed.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEmail, requireEnterpriseNumber, requirePersonId, requirePhone } from './shared/input.ts';
import { holdNumberAgainstLink } from './shared/person-number-lock.ts';
import { type Ctx, enterpriseName, personContact, record } from './shared/record.ts';
import { appointmentActiveAt, eligibility } from './shared/roles.ts';
import { parseEndDate } from './shared/time.ts';

export interface AppointManagerInput {
  enterprise: string;
  /** co_main: appointed by the main access manager; domain: by the main or a co-main */
  kind: 'co_main' | 'domain';
  domain?: string;
  person: string;
  email: string;
  phone: string;
  validUntil?: string | null;
}

/**
 * Appoints a co-main access manager (by the main access manager only; same eligibility as the
 * main) or an access manager for one domain (by the main or a co-main).
 */
export async function appointAccessManager(deps: Deps, ctx: Ctx, input: AppointManagerInput) {
  return deps.db.unitOfWork((tx) => appointAccessManagerIn(tx, deps, ctx, input));
}

/**
 * The same use case inside the caller's transaction: an approved request to be access manager
 * (issue 18) runs exactly this, with the request as the appointment's origin.
 */
export async function appointAccessManagerIn(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  input: AppointManagerInput,
  origin?: Origin,
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const person = requirePersonId(input.person);
  const email = requireEmail(input.email);
  const phone = requirePhone(input.phone);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const domain = input.kind === 'domain' ? (input.domain ?? '') : '';
  if (input.kind === 'domain' && !deps.catalogue.domain(domain)) {
    throw new DomainError('catalogue.unknown_domain', { domain });
  }
  const { validUntil } = applyTermLimit(
    deps.catalogue,
    input.kind === 'domain' ? { kind: 'domain', domain } : { kind: 'co_main' },
    now,
    parseEndDate(input.validUntil, nowDate),
  );
  {
    const action = input.kind === 'co_main' ? 'co_main.appoint' : 'domain_manager.appoint';
    const role = await authorizeIn(tx, deps, ctx.actor, action, enterprise, nowDate);
    let elig: Awaited<ReturnType<typeof eligibility>> | undefined;
    if (input.kind === 'co_main') {
      elig = await eligibility(tx, deps.registers, enterprise, person, nowDate);
      if (!elig.isEligible) notEligible('not_employee_nor_legal_representative', person);
      // The main already holds every co-main power; a second role would outlive their replacement (issue 14, item 6).
      const main = await tx
        .selectFrom('appointment')
        .select('id')
        .where('enterprise_number', '=', enterprise)
        .where('person_number', '=', person)
        .where('kind', '=', 'main')
        .where(appointmentActiveAt(now))
        .executeTakeFirst();
      if (main) throw new DomainError('appointment.already_main', { person });
    }
    // Every row not ended, run out by its date or not (removeAccessManager's query looks alike but
    // takes the current one only): a run-out one is closed below so the new one takes its place.
    const existing = await tx
      .selectFrom('appointment')
      .selectAll()
      .where('enterprise_number', '=', enterprise)
      .where('kind', '=', input.kind)
      .where('domain', '=', domain)
      .where('person_number', '=', person)
      .where('mandate_id', 'is', null)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (existing) {
      if (existing.valid_until === null || existing.valid_until > now) {
        throw new DomainError('appointment.already_exists', { person, kind: input.kind, domain: domain || undefined });
      }
      // Ran out by its end date: close it so that the new one can take its place.
      await tx
        .updateTable('appointment')
        .set({ ended_at: existing.valid_until, end_reason: 'expired' })
        .where('id', '=', existing.id)
        .execute();
    }
    const appointment: AppointmentTable = {
      id: randomUUID(),
      enterprise_number: enterprise,
      person_number: person,
      kind: input.kind,
      domain,
      mandate_id: null,
      email,
      phone,
      procedure: 'standard',
      appointed_by: ctx.actor.personNumber,
      appointed_by_role: role,
      exception_request_id: null,
      access_request_id: origin?.accessRequest ?? null,
      created_at: now,
      valid_from: now,
      valid_until: validUntil,
      ended_at: null,
      ended_by: null,
      end_reason: null,
    };
    // review 5, finding 4: a link of this number waits for this appointment, and then sees it
    await holdNumberAgainstLink(tx, deps, person);
    await tx.insertInto('appointment').values(appointment).execute();
    const contact = await personContact(tx, person);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      ...audited(input.kind, 'appointed', person, domain),
      after: {
        person,
        appointment: appointment.id,
        domain: domain || undefined,
        email,
        phone,
        validUntil,
        eligibility: elig,
        accessRequest: origin?.accessRequest,
      },
      procedure: 'standard',
      mails: [
        {
          to: email,
          language: contact.language,
          template: 'appointed',
          params: {
            role: input.kind,
            domain,
            enterprise,
            enterpriseName: await enterpriseName(tx, enterprise),
            validUntil,
          },
        },
        ...(input.kind === 'co_main'
          ? await managementChangedMails(tx, deps, {
              enterprise,
              role: 'co_main',
              person,
              change: 'appointed',
              procedure: 'standard',
              at: now,
            })
          : []),
      ],
      event: {
        type: 'access_manager.appointed',
        data: {
          role: input.kind,
          domain: domain || null,
          person,
          validUntil,
          ...(origin ? { accessRequest: origin.accessRequest } : {}),
        },
      },
    });
    return { appointment };
  }
}

export interface RemoveManagerInput {
  enterprise: string;
  kind: 'co_main' | 'domain';
  domain?: string;
  person: string;
}

/** The audit event's action and target for a co-main, or an access manager of `domain`, appointed or removed. */
function audited(kind: 'co_main' | 'domain', verb: 'appointed' | 'removed', person: string, domain: string) {
  const label = kind === 'co_main' ? 'co_main_access_manager' : 'access_manager';
  return { action: `${label}.${verb}` as const, target: domain ? `${person}@${domain}` : person };
}

export async function removeAccessManager(deps: Deps, ctx: Ctx, input: RemoveManagerInput) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const person = requirePersonId(input.person);
  const domain = input.kind === 'domain' ? (input.domain ?? '') : '';
  if (input.kind === 'domain' && !deps.catalogue.domain(domain)) {
    throw new DomainError('catalogue.unknown_domain', { domain });
  }
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const action = input.kind === 'co_main' ? 'co_main.remove' : 'domain_manager.remove';
    const role = await authorizeIn(tx, deps, ctx.actor, action, enterprise, nowDate);
    // locked on PostgreSQL: the service desk may end it at this moment after a report (review 6, race 2)
    const query = tx
      .selectFrom('appointment')
      .selectAll()
      .where('enterprise_number', '=', enterprise)
      .where('kind', '=', input.kind)
      .where('domain', '=', domain)
      .where('person_number', '=', person)
      .where('mandate_id', 'is', null)
      .where(appointmentActiveAt(now));
    const current = await (deps.db.engine === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    if (!current)
      throw new DomainError('appointment.not_found', { person, kind: input.kind, domain: domain || undefined });
    await tx
      .updateTable('appointment')
      .set({ ended_at: now, ended_by: ctx.actor.personNumber, end_reason: 'removed' })
      .where('id', '=', current.id)
      .execute();
    const remaining = await tx
      .selectFrom('appointment')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('enterprise_number', '=', enterprise)
      .where('kind', '=', input.kind)
      .where('domain', '=', domain)
      .where('mandate_id', 'is', null)
      .where(appointmentActiveAt(now))
      .executeTakeFirstOrThrow();
    const contact = await personContact(tx, person);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      ...audited(input.kind, 'removed', person, domain),
      before: { appointment: current.id, person, domain: domain || undefined },
      procedure: current.procedure,
      mails: [
        {
          to: current.email,
          language: contact.language,
          template: 'appointment_ended',
          params: {
            role: input.kind,
            domain,
            enterprise,
            enterpriseName: await enterpriseName(tx, enterprise),
            reason: 'removed',
          },
        },
        ...(input.kind === 'co_main'
          ? await managementChangedMails(tx, deps, {
              enterprise,
              role: 'co_main',
              person,
              change: 'ended',
              procedure: current.procedure,
              at: now,
            })
          : []),
      ],
      event: { type: 'access_manager.removed', data: { role: input.kind, domain: domain || null, person } },
    });
    return { ended: { ...current, ended_at: now }, remainingInScope: Number(remaining.n) };
  });
}
