import type { Kysely } from 'kysely';

/**
 * Issue 19, section 4: a mandate is given for a capacity of its mandator (employer, social
 * secretariat, service provider: src/domain/capacities.ts). Through the mandate, a service that
 * needs a capacity works only when the mandate is for it (docs/capacities.md). NULL: given for no
 * capacity, as every mandate before this column; such a mandate still carries every service that
 * needs none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mandate').addColumn('capacity', 'varchar(32)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mandate').dropColumn('capacity').execute();
}
