import type { Kysely } from 'kysely';

/**
 * Issue 19, section 2, the desk's two later decisions about a foreign enterprise, each proposed
 * by one operator and confirmed by another (four eyes):
 * - `foreign_enterprise_link`: the KBO number the enterprise got; confirming moves its rights
 *   there (link-foreign-enterprise.ts), after which the F-number answers 410 naming it;
 * - a recorded legal representative's renewal: the proposed new end date waits on the
 *   representative's row (`renewal_*`) until another operator confirms it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('foreign_enterprise_link')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('kbo_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('proposed_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('proposed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(128)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('moved_json', 'text')
    .execute();
  await db.schema
    .createIndex('foreign_enterprise_link_enterprise')
    .on('foreign_enterprise_link')
    .column('enterprise_number')
    .execute();
  await db.schema.alterTable('foreign_representative').addColumn('renewal_end_date', 'varchar(10)').execute();
  await db.schema.alterTable('foreign_representative').addColumn('renewal_proposed_by', 'varchar(128)').execute();
  await db.schema.alterTable('foreign_representative').addColumn('renewal_proposed_at', 'varchar(30)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('foreign_representative').dropColumn('renewal_proposed_at').execute();
  await db.schema.alterTable('foreign_representative').dropColumn('renewal_proposed_by').execute();
  await db.schema.alterTable('foreign_representative').dropColumn('renewal_end_date').execute();
  await db.schema.dropTable('foreign_enterprise_link').execute();
}
