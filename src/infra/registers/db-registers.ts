import type { EnterpriseFacts, LegalFunctionFact, Registers } from '../../ports.ts';
import type { Queryable } from '../db/database.ts';

/** KBO status code of an active enterprise; everything else (ST stopped...) has no powers. */
export const ACTIVE_STATUS = 'AC';

/** The registers as imported into our own database (btb import kbo / functions / employment). */
export function dbRegisters(db: Queryable): Registers {
  return {
    async enterprise(number): Promise<EnterpriseFacts | undefined> {
      const row = await db
        .selectFrom('enterprise')
        .select(['number', 'status'])
        .where('number', '=', number)
        .executeTakeFirst();
      return row && { number: row.number, status: row.status, isActive: row.status === ACTIVE_STATUS };
    },
    async currentFunctions(enterpriseNumber, personNumber, day): Promise<LegalFunctionFact[]> {
      const rows = await db
        .selectFrom('legal_function')
        .selectAll()
        .where('enterprise_number', '=', enterpriseNumber)
        .where('person_number', '=', personNumber)
        .where('start_date', '<=', day)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]))
        .execute();
      return rows.map((r) => ({
        enterpriseNumber: r.enterprise_number,
        personNumber: r.person_number,
        functionCode: r.function_code,
        startDate: r.start_date,
        endDate: r.end_date,
      }));
    },
    async isEmployee(enterpriseNumber, personNumber, day) {
      const row = await db
        .selectFrom('employment')
        .select('start_date')
        .where('enterprise_number', '=', enterpriseNumber)
        .where('person_number', '=', personNumber)
        .where('start_date', '<=', day)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]))
        .executeTakeFirst();
      return row !== undefined;
    },
    async enterprisesRepresentedBy(personNumber, day) {
      const rows = await db
        .selectFrom('legal_function')
        .select('enterprise_number')
        .distinct()
        .where('person_number', '=', personNumber)
        .where('start_date', '<=', day)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]))
        .execute();
      return rows.map((r) => r.enterprise_number);
    },
  };
}
