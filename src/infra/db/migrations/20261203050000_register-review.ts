import type { Kysely } from 'kysely';

/**
 * Issue 17, section 1: a main or co-main access manager whom a register import leaves without a
 * basis (no longer employee nor legal representative) is put under review: a grace period during
 * which the enterprise's legal representatives confirm or end the appointment; unconfirmed, it is
 * suspended at `grace_until` (the appointment is ended with end_reason 'suspended', and a legal
 * representative can restore it). `import_id` names the import (import_run.id) that caused it.
 * status: pending | confirmed | ended | suspended | restored | resolved (eligible again).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('register_review')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('appointment_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('person_number', 'varchar(11)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'varchar(64)', (c) => c.notNull())
    .addColumn('import_id', 'varchar(64)')
    .addColumn('detected_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('grace_until', 'varchar(30)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('decision_reason', 'varchar(1000)')
    .execute();
  await db.schema
    .createIndex('register_review_enterprise')
    .on('register_review')
    .columns(['enterprise_number', 'status'])
    .execute();
  await db.schema.createIndex('register_review_due').on('register_review').columns(['status', 'grace_until']).execute();
  await db.schema.createIndex('register_review_appointment').on('register_review').column('appointment_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('register_review').execute();
}
