import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../migrate.ts';

/**
 * The delegation chain (appointments, grants, invitations), the hash-chained audit log and the
 * transactional outbox. Appointments carry `mandate_id` from the start so that mandates between
 * enterprises fit without reshaping the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema
    .createTable('appointment')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('person_number', 'varchar(11)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('domain', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('mandate_id', 'varchar(36)')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('procedure', 'varchar(16)', (c) => c.notNull())
    .addColumn('appointed_by', 'varchar(64)')
    .addColumn('appointed_by_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('exception_request_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(30)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(30)')
    .addColumn('ended_at', 'varchar(30)')
    .addColumn('ended_by', 'varchar(64)')
    .addColumn('end_reason', 'varchar(64)')
    .execute();
  await db.schema
    .createIndex('appointment_enterprise')
    .on('appointment')
    .columns(['enterprise_number', 'kind'])
    .execute();
  await db.schema.createIndex('appointment_person').on('appointment').column('person_number').execute();
  // The database itself guarantees at most one main access manager that has not been ended,
  // whatever the interleaving of concurrent requests.
  await db.schema
    .createIndex('appointment_one_main')
    .on('appointment')
    .column('enterprise_number')
    .unique()
    .where(sql.ref('kind'), '=', 'main')
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('appointment_unique_active')
    .on('appointment')
    .columns(['enterprise_number', 'kind', 'domain', 'person_number'])
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .where(sql.ref('mandate_id'), 'is', null)
    .execute();

  await db.schema
    .createTable('access_grant')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('person_number', 'varchar(11)', (c) => c.notNull())
    .addColumn('service', 'varchar(128)', (c) => c.notNull())
    .addColumn('service_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('domain', 'varchar(64)', (c) => c.notNull())
    .addColumn('mandate_id', 'varchar(36)')
    .addColumn('granted_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('granted_by_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('invitation_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(30)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(30)')
    .addColumn('revoked_at', 'varchar(30)')
    .addColumn('revoked_by', 'varchar(64)')
    .execute();
  await db.schema
    .createIndex('access_grant_person')
    .on('access_grant')
    .columns(['person_number', 'enterprise_number'])
    .execute();
  await db.schema
    .createIndex('access_grant_enterprise')
    .on('access_grant')
    .columns(['enterprise_number', 'domain'])
    .execute();
  await db.schema
    .createIndex('access_grant_unique_active')
    .on('access_grant')
    .columns(['enterprise_number', 'person_number', 'service', 'service_role'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .where(sql.ref('mandate_id'), 'is', null)
    .execute();

  await db.schema
    .createTable('invitation')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('service', 'varchar(128)', (c) => c.notNull())
    .addColumn('service_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('domain', 'varchar(64)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(30)')
    .addColumn('valid_until', 'varchar(30)')
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('accepted_at', 'varchar(30)')
    .addColumn('accepted_by', 'varchar(11)')
    .addColumn('grant_id', 'varchar(36)')
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('invitation_enterprise').on('invitation').column('enterprise_number').execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor', 'varchar(64)')
    .addColumn('actor_role', 'varchar(32)')
    .addColumn('enterprise_number', 'varchar(10)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('procedure', 'varchar(16)')
    .addColumn('request_id', 'varchar(64)')
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_event_enterprise')
    .on('audit_event')
    .columns(['enterprise_number', 'seq'])
    .execute();

  // The head row is locked by every append, which serialises the chain across app nodes.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db
    .insertInto('audit_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();

  // Nothing in the product can change or remove an audit event: the database refuses it.
  if (pg) {
    await sql`create function audit_event_immutable() returns trigger language plpgsql as $$
      begin raise exception 'audit events are append-only'; end $$`.execute(db);
    await sql`create trigger audit_event_no_update before update or delete on audit_event
      for each row execute function audit_event_immutable()`.execute(db);
  } else {
    await sql`create trigger audit_event_no_update before update on audit_event
      begin select raise(abort, 'audit events are append-only'); end`.execute(db);
    await sql`create trigger audit_event_no_delete before delete on audit_event
      begin select raise(abort, 'audit events are append-only'); end`.execute(db);
  }

  await db.schema
    .createTable('outbox')
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('enterprise_number', 'varchar(10)')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('delivered_at', 'varchar(30)')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['delivered_at', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['outbox', 'audit_head', 'audit_event', 'invitation', 'access_grant', 'appointment']) {
    await db.schema.dropTable(t).execute();
  }
}
