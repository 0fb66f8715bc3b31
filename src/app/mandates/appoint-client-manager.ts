import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { isMandateInForce, scopeDomains } from '../../domain/mandate-rules.ts';
import type { AppointmentTable } from '../../infra/db/schema.ts';
import { notEligible } from '../appoint-main-access-manager.ts';
import type { Deps } from '../deps.ts';
import { requireEmail, requireEnterpriseNumber, requirePersonId, requirePhone } from '../shared/input.ts';
import { holdNumberAgainstLink } from '../shared/person-number-lock.ts';
import { type Ctx, enterpriseName, personContact, record } from '../shared/record.ts';
import { appointmentActiveAt, eligibility } from '../shared/roles.ts';
import { parseEndDate } from '../shared/time.ts';
import { lockMandateAs } from './shared.ts';

export interface AppointClientManagerInput {
  /** the mandatary (B): the client manager works there */
  enterprise: string;
  id: string;
  person: string;
  email: string;
  phone?: string;
  /** default: every domain of the mandate */
  domains?: string[];
  validUntil?: string | null;
}

/**
 * B's main or co-main access manager names one of B's people (employee or legal representative
 * of B) client manager for a client's mandate: appointments of kind 'client' at the client (A),
 * one per domain, never outliving the mandate.
 */
export async function appointClientManager(deps: Deps, ctx: Ctx, input: AppointClientManagerInput) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const person = requirePersonId(input.person);
  const email = requireEmail(input.email);
  const phone = input.phone ? requirePhone(input.phone) : '';
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const requestedUntil = parseEndDate(input.validUntil, nowDate);
  return deps.db.unitOfWork(async (tx) => {
    const { mandate, role } = await lockMandateAs(
      tx,
      deps,
      ctx,
      'client_manager.appoint',
      enterprise,
      input.id,
      nowDate,
    );
    // not requireInForce (mandates/shared.ts): either side appoints here, authorized by
    // and the refusal names the mandate's start, which a client manager waits for
    if (!isMandateInForce(mandate, now))
      throw new DomainError('mandate.not_in_force', { mandate: mandate.id, validFrom: mandate.valid_from });
    const covered = scopeDomains(mandate.scope);
    const domains = input.domains?.length ? [...new Set(input.domains)] : covered;
    const outside = domains.filter((d) => !covered.includes(d));
    if (outside.length) throw new DomainError('mandate.outside_scope', { domains: outside, covered });
    const validUntil = capToMandate(requestedUntil, mandate.valid_until);
    const elig = await eligibility(tx, deps.registers, enterprise, person, nowDate);
    if (!elig.isEligible) notEligible('not_employee_nor_legal_representative', person);
    const existing = await tx
      .selectFrom('appointment')
      .select('domain')
      .where('mandate_id', '=', mandate.id)
      .where('kind', '=', 'client')
      .where('person_number', '=', person)
      .where(appointmentActiveAt(now))
      .execute();
    const missing = domains.filter((d) => !existing.some((e) => e.domain === d));
    if (!missing.length)
      throw new DomainError('appointment.already_exists', { person, kind: 'client', mandate: mandate.id });
    // Expired rows still hold the unique slot until closed.
    await tx
      .updateTable('appointment')
      .set({ ended_at: now, end_reason: 'expired' })
      .where('mandate_id', '=', mandate.id)
      .where('person_number', '=', person)
      .where('domain', 'in', missing)
      .where('ended_at', 'is', null)
      .execute();
    const rows: AppointmentTable[] = missing.map((domain) => ({
      id: randomUUID(),
      enterprise_number: mandate.mandator_number,
      person_number: person,
      kind: 'client',
      domain,
      mandate_id: mandate.id,
      email,
      phone,
      procedure: 'standard',
      appointed_by: ctx.actor.personNumber,
      appointed_by_role: role,
      exception_request_id: null,
      created_at: now,
      valid_from: now,
      valid_until: validUntil,
      ended_at: null,
      ended_by: null,
      end_reason: null,
    }));
    // review 5, finding 4: a link of this number waits for these appointments, and then sees them
    await holdNumberAgainstLink(tx, deps, person);
    await tx.insertInto('appointment').values(rows).execute();
    const contact = await personContact(tx, person);
    const clientName = await enterpriseName(tx, mandate.mandator_number);
    const after = {
      person,
      mandate: mandate.id,
      mandator: mandate.mandator_number,
      mandatary: enterprise,
      domains: missing,
      appointments: rows.map((r) => r.id),
      validUntil,
      eligibility: elig,
    };
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'client_manager.appointed',
      target: `${person}@${mandate.mandator_number}`,
      after,
      mails: [
        {
          to: email,
          language: contact.language,
          template: 'client_manager_appointed',
          params: {
            enterprise: mandate.mandator_number,
            enterpriseName: clientName,
            mandatary: enterprise,
            mandataryName: await enterpriseName(tx, enterprise),
            domains: missing,
            validUntil,
          },
        },
      ],
    });
    await record(tx, deps, ctx, {
      at: now,
      actorRole: `mandatary:${role}`,
      enterprise: mandate.mandator_number,
      action: 'client_manager.appointed',
      target: person,
      after,
      event: {
        type: 'client_manager.appointed',
        data: { person, mandate: mandate.id, mandatary: enterprise, domains: missing, validUntil },
      },
    });
    return { appointments: rows, mandate };
  });
}

/** Nothing derived from a mandate may outlive it: absent ends take the mandate's, later ones are refused. */
export function capToMandate(requested: string | null, mandateUntil: string | null): string | null {
  if (mandateUntil === null) return requested;
  if (requested === null) return mandateUntil;
  if (requested > mandateUntil)
    throw new DomainError('mandate.beyond_mandate', { validUntil: requested, mandateUntil });
  return requested;
}

/** B's main or co-main ends a client manager's appointments under one mandate (one domain or all). */
export async function removeClientManager(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; person: string; domain?: string },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const person = requirePersonId(input.person);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const { mandate, role } = await lockMandateAs(
      tx,
      deps,
      ctx,
      'client_manager.remove',
      enterprise,
      input.id,
      nowDate,
      false,
    );
    let q = tx
      .updateTable('appointment')
      .set({ ended_at: now, ended_by: ctx.actor.personNumber, end_reason: 'removed' })
      .where('mandate_id', '=', mandate.id)
      .where('kind', '=', 'client')
      .where('person_number', '=', person)
      .where('ended_at', 'is', null);
    if (input.domain) q = q.where('domain', '=', input.domain);
    const r = await q.executeTakeFirst();
    const ended = Number(r.numUpdatedRows);
    if (!ended) throw new DomainError('appointment.not_found', { person, kind: 'client', mandate: mandate.id });
    const before = { person, mandate: mandate.id, domain: input.domain ?? null, ended };
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'client_manager.removed',
      target: `${person}@${mandate.mandator_number}`,
      before,
    });
    await record(tx, deps, ctx, {
      at: now,
      actorRole: `mandatary:${role}`,
      enterprise: mandate.mandator_number,
      action: 'client_manager.removed',
      target: person,
      before,
      event: {
        type: 'client_manager.removed',
        // the domains it may concern, so that webhooks reach only subscribers of those domains
        data: {
          person,
          mandate: mandate.id,
          mandatary: enterprise,
          domain: input.domain ?? null,
          domains: input.domain ? [input.domain] : scopeDomains(mandate.scope),
        },
      },
    });
    return { ended };
  });
}
