import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../migrate.ts';

/**
 * Issue 19, section 2: enterprises without a KBO number, registered by the service desk.
 *
 * `foreign_enterprise` is the desk's record (home register, EUID or national register number,
 * country, who proposed and who confirmed: four eyes). Once confirmed the enterprise also gets
 * rows in the register tables (`enterprise`, `denomination`) under its F-number, so that every
 * part of the chain that reads an enterprise finds it; the KBO full import keeps `F%` rows.
 * Its legal representatives are those the desk recorded (`foreign_representative`, with an end
 * date) and, while confirmed and current, rows in `legal_function` (function code FLR), which is
 * where the chain looks for legal representatives. An eIDAS person may be one, so on PostgreSQL
 * `legal_function.person_number` widens like the other person columns (20261204060000).
 *
 * One EUID belongs to one live record: a partial unique index refuses a second while the first
 * is proposed or registered (two operators registering at once included).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await db.schema
      .alterTable('legal_function')
      .alterColumn('person_number', (c) => c.setDataType('varchar(128)'))
      .execute();
  }
  await db.schema
    .createTable('foreign_enterprise')
    .addColumn('number', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('euid', 'varchar(64)')
    .addColumn('national_register_number', 'varchar(64)')
    .addColumn('home_register', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('proposed_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('proposed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(128)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('kbo_number', 'varchar(10)')
    .addColumn('linked_by', 'varchar(128)')
    .addColumn('linked_at', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('foreign_enterprise_live_euid')
    .on('foreign_enterprise')
    .column('euid')
    .unique()
    .where(sql<boolean>`status in ('proposed', 'registered')`)
    .execute();
  await db.schema
    .createTable('foreign_representative')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('person', 'varchar(128)', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('end_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('foreign_representative_enterprise')
    .on('foreign_representative')
    .column('enterprise_number')
    .execute();
  await db.schema
    .createTable('foreign_enterprise_attachment')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('uploaded_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(128)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('foreign_enterprise_attachment_enterprise')
    .on('foreign_enterprise_attachment')
    .column('enterprise_number')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('foreign_enterprise_attachment').execute();
  await db.schema.dropTable('foreign_representative').execute();
  await db.schema.dropTable('foreign_enterprise').execute();
}
