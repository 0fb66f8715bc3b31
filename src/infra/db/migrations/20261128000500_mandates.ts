import { type Kysely, sql } from 'kysely';

/**
 * Mandates between enterprises: enterprise A (the mandator) lets enterprise B (the mandatary,
 * an accounting office or social secretariat) act for it in some domains or services. What B's
 * staff then hold for A lives in the existing tables, marked with `mandate_id`: client managers
 * are appointments of kind 'client' at A, user rights are access grants at A. The partial unique
 * indexes of the delegation migration exclude those rows, so the uniqueness of mandate rows is
 * declared here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mandate')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('mandator_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('mandatary_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(30)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(30)')
    .addColumn('proposed_by', 'varchar(11)', (c) => c.notNull())
    .addColumn('proposed_by_side', 'varchar(16)', (c) => c.notNull())
    .addColumn('proposed_by_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('proposed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('accepted_by', 'varchar(11)')
    .addColumn('accepted_by_role', 'varchar(32)')
    .addColumn('accepted_at', 'varchar(30)')
    .addColumn('rejected_by', 'varchar(11)')
    .addColumn('rejected_at', 'varchar(30)')
    .addColumn('reject_reason', 'text')
    .addColumn('ended_by', 'varchar(64)')
    .addColumn('ended_by_side', 'varchar(16)')
    .addColumn('ended_at', 'varchar(30)')
    .addColumn('end_reason', 'varchar(64)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // "The clients of B": an office with thousands of clients pages through them by mandator
  // number, so the index carries the sort key after the equality columns (keyset pagination).
  await db.schema
    .createIndex('mandate_mandatary')
    .on('mandate')
    .columns(['mandatary_number', 'status', 'mandator_number'])
    .execute();
  await db.schema
    .createIndex('mandate_mandator')
    .on('mandate')
    .columns(['mandator_number', 'status', 'mandatary_number'])
    .execute();
  // One open (proposed or active) mandate per pair of enterprises, whatever the interleaving of
  // concurrent proposals from both sides. Same SQL on both engines.
  await sql`create unique index mandate_one_open on mandate (mandator_number, mandatary_number)
    where status in ('proposed', 'active')`.execute(db);

  // What a mandate covers: a whole domain (service '') or one service of it.
  await db.schema
    .createTable('mandate_scope')
    .addColumn('mandate_id', 'varchar(36)', (c) => c.notNull().references('mandate.id'))
    .addColumn('domain', 'varchar(64)', (c) => c.notNull())
    .addColumn('service', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('mandate_scope_pk', ['mandate_id', 'domain', 'service'])
    .execute();

  // Rows derived from a mandate: found by mandate when it ends, unique while they run.
  await db.schema.createIndex('appointment_mandate').on('appointment').column('mandate_id').execute();
  await sql`create unique index appointment_client_unique_active on appointment (mandate_id, domain, person_number)
    where mandate_id is not null and ended_at is null`.execute(db);
  await db.schema.createIndex('access_grant_mandate').on('access_grant').column('mandate_id').execute();
  await sql`create unique index access_grant_mandate_unique_active on access_grant (mandate_id, person_number, service, service_role)
    where mandate_id is not null and revoked_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of [
    'access_grant_mandate_unique_active',
    'access_grant_mandate',
    'appointment_client_unique_active',
    'appointment_mandate',
  ]) {
    await db.schema.dropIndex(i).execute();
  }
  await db.schema.dropTable('mandate_scope').execute();
  await db.schema.dropTable('mandate').execute();
}
