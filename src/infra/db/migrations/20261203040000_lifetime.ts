import type { Kysely } from 'kysely';

/**
 * Issue 17: rights that look after themselves.
 * - `grant_use`: when a grant last answered a check yes, written in batches by the check API's
 *   use recorder (never once per check), and where the unused-grant sweep stands: flagged (the
 *   holder and managers are told) and, if still unused at the notice's end, ended. A table of its
 *   own keeps the hot `access_grant` rows and the check index's reads untouched.
 * - `reminder_item`: which (grant, horizon, manager) reminders went out in a manager's digest,
 *   so that each is sent once and a manager gets at most one digest a day.
 * - `invitation.expiry_notified_at`: the sender was told that the invitation expired unused.
 * - `appointment_report`: "this was not us" (section 2): a legal representative's report on a
 *   main or co-main appointment, for the service desk, with the desk's decision.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grant_use')
    .addColumn('grant_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('last_used_at', 'varchar(30)')
    .addColumn('flagged_at', 'varchar(30)')
    .execute();
  await db.schema
    .createTable('reminder_item')
    .addColumn('key', 'varchar(160)', (c) => c.primaryKey())
    .addColumn('manager', 'varchar(11)', (c) => c.notNull())
    .addColumn('digest_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reminder_item_day').on('reminder_item').columns(['manager', 'digest_day']).execute();
  await db.schema.alterTable('invitation').addColumn('expiry_notified_at', 'varchar(30)').execute();
  await db.schema
    .createTable('appointment_report')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('appointment_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('reported_by', 'varchar(11)', (c) => c.notNull())
    .addColumn('reported_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('note', 'text')
    /** 1 when the report suspended an exception-procedure appointment pending review */
    .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
    /** open, restored (the desk found the appointment right) or upheld (it stays ended) */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('appointment_report_enterprise')
    .on('appointment_report')
    .columns(['enterprise_number', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('appointment_report').execute();
  await db.schema.alterTable('invitation').dropColumn('expiry_notified_at').execute();
  await db.schema.dropTable('reminder_item').execute();
  await db.schema.dropTable('grant_use').execute();
}
