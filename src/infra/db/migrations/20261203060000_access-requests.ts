import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, section 1: access requests. A logged-in person asks an enterprise for one online
 * service (or a role of it), or to be access manager of a domain; the people who could grant
 * it approve or refuse. Approving creates the grant or appointment through the same use case as
 * a direct one, which keeps the request as its origin (`access_request_id`), so the chain of a
 * check answer can say "granted on request of …".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('access_request')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('requester', 'varchar(11)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('domain', 'varchar(64)', (c) => c.notNull())
    .addColumn('service', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('service_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('wished_until', 'varchar(30)')
    .addColumn('email', 'varchar(254)')
    .addColumn('phone', 'varchar(32)')
    .addColumn('language', 'varchar(2)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('decided_by_role', 'varchar(32)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('decision_reason', 'text')
    .addColumn('granted_until', 'varchar(30)')
    .addColumn('result_id', 'varchar(36)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // the granters' inbox: open requests of one enterprise, oldest first
  await db.schema
    .createIndex('access_request_inbox')
    .on('access_request')
    .columns(['enterprise_number', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('access_request_requester')
    .on('access_request')
    .columns(['requester', 'enterprise_number', 'status'])
    .execute();
  // One open request per person and thing asked, whatever the interleaving of two submissions.
  await sql`create unique index access_request_one_open on access_request
    (enterprise_number, requester, kind, domain, service, service_role) where status = 'open'`.execute(db);
  await db.schema.alterTable('access_grant').addColumn('access_request_id', 'varchar(36)').execute();
  await db.schema.alterTable('appointment').addColumn('access_request_id', 'varchar(36)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('appointment').dropColumn('access_request_id').execute();
  await db.schema.alterTable('access_grant').dropColumn('access_request_id').execute();
  await db.schema.dropTable('access_request').execute();
}
