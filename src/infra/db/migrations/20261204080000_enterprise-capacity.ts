import type { Kysely } from 'kysely';

/**
 * Issue 19, section 4: the capacities an enterprise holds per domain (employer, social
 * secretariat, service provider), imported from the authentic sources (`btb import capacities`).
 * The key is the import's upsert key; the check API reads one row by (enterprise, domain,
 * capacity) through the primary key, and only for services that declare a capacity.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enterprise_capacity')
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('domain', 'varchar(64)', (c) => c.notNull())
    .addColumn('capacity', 'varchar(32)', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('end_date', 'varchar(10)')
    .addPrimaryKeyConstraint('enterprise_capacity_pk', ['enterprise_number', 'domain', 'capacity', 'start_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enterprise_capacity').execute();
}
