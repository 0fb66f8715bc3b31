import { ACTIVE_STATUS, type EnterpriseFacts, type LegalFunctionFact, type Registers } from '../../ports.ts';

/** The registers as imported into our own database (btb import kbo / functions / employment), read in the caller's transaction. */
export function dbRegisters(): Registers {
  return {
    async enterprise(db, number): Promise<EnterpriseFacts | undefined> {
      const row = await db
        .selectFrom('enterprise')
        .select(['number', 'status'])
        .where('number', '=', number)
        .executeTakeFirst();
      return row && { number: row.number, status: row.status, isActive: row.status === ACTIVE_STATUS };
    },
    async currentFunctions(db, enterpriseNumber, personNumber, day): Promise<LegalFunctionFact[]> {
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
    async isEmployee(db, enterpriseNumber, personNumber, day) {
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
    async enterprisesRepresentedBy(db, personNumber, day) {
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
