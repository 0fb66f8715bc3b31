/**
 * The register side of a mandate that works, as query conditions on the `mandate` row: both
 * enterprises active, and the person still working for or representing the mandatary (the
 * office). The check, the client list and resource search apply the same two, so they agree.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../infra/db/schema.ts';
import { ACTIVE_STATUS } from '../../ports.ts';

/** The person works for or represents the mandate's mandatary on the day (the registers decide). */
export function isStaffOfMandatary(person: string, day: string) {
  return (eb: ExpressionBuilder<Database, 'mandate'>) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('employment')
          .select(sql`1`.as('x'))
          .whereRef('employment.enterprise_number', '=', 'mandate.mandatary_number')
          .where('employment.person_number', '=', person)
          .where('employment.start_date', '<=', day)
          .where((e) => e.or([e('employment.end_date', 'is', null), e('employment.end_date', '>=', day)])),
      ),
      eb.exists(
        eb
          .selectFrom('legal_function')
          .select(sql`1`.as('x'))
          .whereRef('legal_function.enterprise_number', '=', 'mandate.mandatary_number')
          .where('legal_function.person_number', '=', person)
          .where('legal_function.start_date', '<=', day)
          .where((e) => e.or([e('legal_function.end_date', 'is', null), e('legal_function.end_date', '>=', day)])),
      ),
    ]);
}

/** The mandator and the mandatary are both active in the enterprise register. */
export function bothActive(eb: ExpressionBuilder<Database, 'mandate'>) {
  const active = (ref: 'mandate.mandator_number' | 'mandate.mandatary_number') =>
    eb.exists(
      eb
        .selectFrom('enterprise')
        .select(sql`1`.as('x'))
        .whereRef('enterprise.number', '=', ref)
        .where('enterprise.status', '=', ACTIVE_STATUS),
    );
  return eb.and([active('mandate.mandator_number'), active('mandate.mandatary_number')]);
}
