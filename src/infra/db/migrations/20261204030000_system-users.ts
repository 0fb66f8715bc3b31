import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, section 2: system users, software acting for an enterprise. A vendor registers a
 * system (a software product) with the OAuth client ids of its installations and the services it
 * may ask for; an enterprise creates a system user for that system and grants it services as it
 * grants a person. The check API answers for `subject: {type: "system", id: <client id>}`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('system')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('vendor_number', 'varchar(10)', (c) => c.notNull())
    // service codes, comma-separated, sorted (catalogue codes hold no comma)
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('system_vendor').on('system').column('vendor_number').execute();
  // A client id names one system: the check maps it to exactly one, whoever registered it first.
  await db.schema
    .createTable('system_client')
    .addColumn('client_id', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('system_id', 'varchar(36)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('system_client_system').on('system_client').column('system_id').execute();
  await db.schema
    .createTable('system_user')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('system_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ended_at', 'varchar(30)')
    .addColumn('ended_by', 'varchar(64)')
    .execute();
  await db.schema.createIndex('system_user_enterprise').on('system_user').column('enterprise_number').execute();
  // one system user per system and enterprise at a time, whatever the interleaving of two creations
  await sql`create unique index system_user_one_active on system_user (system_id, enterprise_number) where ended_at is null`.execute(
    db,
  );
  await db.schema
    .createTable('system_user_grant')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('system_user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('service', 'varchar(128)', (c) => c.notNull())
    .addColumn('service_role', 'varchar(64)', (c) => c.notNull())
    .addColumn('domain', 'varchar(64)', (c) => c.notNull())
    .addColumn('granted_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('granted_by_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(30)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(30)')
    .addColumn('revoked_at', 'varchar(30)')
    .addColumn('revoked_by', 'varchar(64)')
    .execute();
  await db.schema.createIndex('system_user_grant_user').on('system_user_grant').column('system_user_id').execute();
  await sql`create unique index system_user_grant_one_active on system_user_grant (system_user_id, service, service_role) where revoked_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['system_user_grant', 'system_user', 'system_client', 'system'])
    await db.schema.dropTable(t).execute();
}
