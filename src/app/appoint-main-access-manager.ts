import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import { applyTermLimit } from '../domain/term-limits.ts';
import type { Tx } from '../infra/db/database.ts';
import type { AppointmentTable, Procedure } from '../infra/db/schema.ts';
import type { Deps } from './deps.ts';
import { managementChangedMails } from './management/management-changed.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEmail, requireEnterpriseNumber, requirePersonId, requirePhone } from './shared/input.ts';
import { holdNumberAgainstLink } from './shared/person-number-lock.ts';
import { type Ctx, enterpriseName, personContact, record } from './shared/record.ts';
import { appointmentActiveAt, eligibility } from './shared/roles.ts';

export interface AppointMainInput {
  enterprise: string;
  person: string;
  email: string;
  phone: string;
}

export function notEligible(reason: string, person: string): never {
  throw new DomainError('appointment.not_eligible', {
    reason,
    person,
    detail: 'must be an employee or a legal representative of the enterprise on the day of appointment',
  });
}

/**
 * A legal representative (high assurance) appoints or replaces the main access manager. The
 * old appointment ends; what the old main access manager appointed stays, because appointments
 * belong to the enterprise.
 */
export async function appointMainAccessManager(deps: Deps, ctx: Ctx, input: AppointMainInput) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const person = requirePersonId(input.person);
  const email = requireEmail(input.email);
  const phone = requirePhone(input.phone);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const role = await authorizeIn(tx, deps, ctx.actor, 'main.appoint', enterprise, nowDate);
    const elig = await eligibility(tx, deps.registers, enterprise, person, nowDate);
    if (!elig.isEligible) notEligible('not_employee_nor_legal_representative', person);

    return installMainAppointment(tx, deps, ctx, {
      enterprise,
      person,
      email,
      phone,
      procedure: 'standard',
      actorRole: role,
      exceptionRequestId: null,
      now,
      eligibility: elig,
    });
  });
}

export interface MainAppointmentInput {
  enterprise: string;
  person: string;
  email: string;
  phone: string;
  procedure: Procedure;
  /** the role the actor acts in: legal_representative, or service_desk for the exception procedure */
  actorRole: string;
  exceptionRequestId: string | null;
  now: string;
  eligibility?: unknown;
  overrideReason?: string;
}

/**
 * Installs a main access manager inside the caller's transaction, after the caller authorized:
 * ends the current one (if another person), or updates the contact details (if the same), and
 * records the change. Shared by the standard procedure and the service desk's approval.
 */
export async function installMainAppointment(tx: Tx, deps: Deps, ctx: Ctx, input: MainAppointmentInput) {
  const { enterprise, person, email, phone, now } = input;
  const current = await tx
    .selectFrom('appointment')
    .selectAll()
    .where('enterprise_number', '=', enterprise)
    .where('kind', '=', 'main')
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  const name = await enterpriseName(tx, enterprise);
  const contact = await personContact(tx, person);

  if (current && current.person_number === person && (current.valid_until === null || current.valid_until > now)) {
    // Same person: a PUT that only changes the contact details.
    await tx.updateTable('appointment').set({ email, phone }).where('id', '=', current.id).execute();
    await record(tx, deps, ctx, {
      at: now,
      actorRole: input.actorRole,
      enterprise,
      action: 'main_access_manager.contact_updated',
      target: person,
      before: { email: current.email, phone: current.phone },
      after: { email, phone },
      procedure: current.procedure,
    });
    return { appointment: { ...current, email, phone }, replaced: null as AppointmentTable | null };
  }

  if (current) {
    await tx
      .updateTable('appointment')
      .set({ ended_at: now, ended_by: ctx.actor.personNumber, end_reason: 'replaced' })
      .where('id', '=', current.id)
      .execute();
  }
  await endCoMainOnPromotion(tx, deps, ctx, input);
  const appointment: AppointmentTable = {
    id: randomUUID(),
    enterprise_number: enterprise,
    person_number: person,
    kind: 'main',
    domain: '',
    mandate_id: null,
    email,
    phone,
    procedure: input.procedure,
    appointed_by: ctx.actor.personNumber,
    appointed_by_role: input.actorRole,
    exception_request_id: input.exceptionRequestId,
    created_at: now,
    valid_from: now,
    // none by default; a catalogue may set one (issue 17)
    valid_until: applyTermLimit(deps.catalogue, { kind: 'main' }, now, null).validUntil,
    ended_at: null,
    ended_by: null,
    end_reason: null,
  };
  // review 5, finding 4: a link of this number waits for this appointment, and then sees it
  await holdNumberAgainstLink(tx, deps, appointment.person_number);
  await tx.insertInto('appointment').values(appointment).execute();
  const previous = current ? await personContact(tx, current.person_number) : null;
  await record(tx, deps, ctx, {
    at: now,
    actorRole: input.actorRole,
    enterprise,
    action: current ? 'main_access_manager.replaced' : 'main_access_manager.appointed',
    target: person,
    before: current ? { person: current.person_number, appointment: current.id } : undefined,
    after: {
      person,
      appointment: appointment.id,
      email,
      phone,
      eligibility: input.eligibility,
      exceptionRequest: input.exceptionRequestId ?? undefined,
      overrideReason: input.overrideReason,
    },
    procedure: input.procedure,
    mails: [
      {
        to: email,
        language: contact.language,
        template: 'appointed',
        params: { role: 'main', enterprise, enterpriseName: name },
      },
      ...(current
        ? [
            {
              to: current.email,
              language: previous?.language,
              template: 'appointment_ended',
              params: { role: 'main', enterprise, enterpriseName: name, reason: 'replaced' },
            },
          ]
        : []),
      ...(await managementChangedMails(tx, deps, {
        enterprise,
        role: 'main',
        person,
        change: 'appointed',
        procedure: input.procedure,
        at: now,
      })),
    ],
    event: {
      type: 'access_manager.appointed',
      data: { role: 'main', person, replaces: current?.person_number ?? null, procedure: input.procedure },
    },
  });
  return { appointment, replaced: current ?? null };
}

/**
 * A co-main appointed main is no longer co-main: the main holds every co-main power already, and
 * a leftover co-main appointment would outlive their replacement as main (issue 14, item 6).
 * Ended in the caller's transaction, with its own audit event and change event.
 */
async function endCoMainOnPromotion(tx: Tx, deps: Deps, ctx: Ctx, input: MainAppointmentInput) {
  const { enterprise, person, now } = input;
  const coMains = await tx
    .selectFrom('appointment')
    .selectAll()
    .where('enterprise_number', '=', enterprise)
    .where('person_number', '=', person)
    .where('kind', '=', 'co_main')
    .where('mandate_id', 'is', null)
    .where(appointmentActiveAt(now))
    .execute();
  for (const co of coMains) {
    await tx
      .updateTable('appointment')
      .set({ ended_at: now, ended_by: ctx.actor.personNumber, end_reason: 'became_main' })
      .where('id', '=', co.id)
      .execute();
    await record(tx, deps, ctx, {
      at: now,
      actorRole: input.actorRole,
      enterprise,
      action: 'co_main_access_manager.removed',
      target: person,
      before: { appointment: co.id, person },
      after: { reason: 'became_main' },
      procedure: input.procedure,
      event: { type: 'access_manager.removed', data: { role: 'co_main', domain: null, person } },
    });
  }
}
