import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { RoleFacts } from '../../domain/authorize.ts';
import { DomainError, type ErrorCode } from '../../domain/errors.ts';
import type { Queryable } from '../../infra/db/database.ts';
import type { AppointmentTable, Database } from '../../infra/db/schema.ts';
import { isoDate, type Registers } from '../../ports.ts';

/**
 * An appointment works from valid_from until valid_until or until it is ended, whichever comes
 * first, evaluated at the instant of the question: no job has to run for an end date to bite.
 */
export function appointmentActiveAt(now: string) {
  return (eb: ExpressionBuilder<Database, 'appointment'>): Expression<SqlBool> =>
    eb.and([
      eb('appointment.ended_at', 'is', null),
      eb('appointment.valid_from', '<=', now),
      eb.or([eb('appointment.valid_until', 'is', null), eb('appointment.valid_until', '>', now)]),
    ]);
}

export function grantActiveAt(now: string) {
  return (eb: ExpressionBuilder<Database, 'access_grant'>): Expression<SqlBool> =>
    eb.and([
      eb('access_grant.revoked_at', 'is', null),
      eb('access_grant.valid_from', '<=', now),
      eb.or([eb('access_grant.valid_until', 'is', null), eb('access_grant.valid_until', '>', now)]),
    ]);
}

export function isAppointmentActive(a: Pick<AppointmentTable, 'ended_at' | 'valid_from' | 'valid_until'>, now: string) {
  return a.ended_at === null && a.valid_from <= now && (a.valid_until === null || a.valid_until > now);
}

/**
 * Reads, inside the caller's transaction, what one person is at one enterprise right now:
 * legal representative from the functions register (never stored as an appointment), and
 * their active appointments (excluding those held under a mandate for another enterprise).
 */
export async function loadRoleFacts(
  q: Queryable,
  registers: Registers,
  enterpriseNumber: string,
  personNumber: string | null,
  now: Date,
): Promise<RoleFacts> {
  const enterprise = await registers.enterprise(q, enterpriseNumber);
  const facts: RoleFacts = {
    enterpriseExists: enterprise !== undefined,
    enterpriseActive: enterprise?.isActive ?? false,
    isLegalRepresentative: false,
    isMain: false,
    isCoMain: false,
    managedDomains: [],
  };
  if (!enterprise || !personNumber) return facts;
  const iso = now.toISOString();
  const [functions, appointments] = await Promise.all([
    registers.currentFunctions(q, enterpriseNumber, personNumber, isoDate(now)),
    q
      .selectFrom('appointment')
      .select(['kind', 'domain'])
      .where('enterprise_number', '=', enterpriseNumber)
      .where('person_number', '=', personNumber)
      .where('mandate_id', 'is', null)
      .where(appointmentActiveAt(iso))
      .execute(),
  ]);
  facts.isLegalRepresentative = functions.length > 0;
  for (const a of appointments) {
    if (a.kind === 'main') facts.isMain = true;
    else if (a.kind === 'co_main') facts.isCoMain = true;
    else if (a.kind === 'domain') facts.managedDomains.push(a.domain);
  }
  return facts;
}

/** Employee or legal representative on the day: the rule for main and co-main access managers. */
export async function eligibility(
  q: Queryable,
  registers: Registers,
  enterpriseNumber: string,
  personNumber: string,
  now: Date,
): Promise<{ isEligible: boolean; isEmployee: boolean; isLegalRepresentative: boolean }> {
  const day = isoDate(now);
  const [functions, isEmployee] = await Promise.all([
    registers.currentFunctions(q, enterpriseNumber, personNumber, day),
    registers.isEmployee(q, enterpriseNumber, personNumber, day),
  ]);
  const isLegalRepresentative = functions.length > 0;
  return { isEligible: isEmployee || isLegalRepresentative, isEmployee, isLegalRepresentative };
}

/**
 * Restoring a suspended main access manager (a register review, a "this was not us" report):
 * one main at a time, so a main appointed meanwhile stays and the restore is refused with `code`.
 */
export async function requireNoOtherMain(db: Queryable, enterprise: string, code: ErrorCode): Promise<void> {
  const other = await db
    .selectFrom('appointment')
    .select('id')
    .where('enterprise_number', '=', enterprise)
    .where('kind', '=', 'main')
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (other) throw new DomainError(code, { appointment: other.id });
}
