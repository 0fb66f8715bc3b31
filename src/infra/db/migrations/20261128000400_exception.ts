import type { Kysely } from 'kysely';

/**
 * The exception procedure: service desk operators, requests with their attachments and
 * history, the proof-of-work challenges of the public form, and the requester's follow-up
 * tokens. Secrets (one-time codes, follow-up tokens) are stored as SHA-256 hashes only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operator')
    .addColumn('person_number', 'varchar(11)', (c) => c.primaryKey())
    .addColumn('added_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('added_by', 'varchar(64)')
    .execute();

  await db.schema
    .createTable('exception_request')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('reference', 'varchar(24)', (c) => c.notNull().unique())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addColumn('reason_text', 'text')
    .addColumn('requester_json', 'text', (c) => c.notNull())
    .addColumn('requester_email', 'text', (c) => c.notNull())
    .addColumn('language', 'varchar(2)', (c) => c.notNull())
    .addColumn('submitted_by', 'varchar(64)')
    .addColumn('proposed_person', 'varchar(11)', (c) => c.notNull())
    .addColumn('proposed_family_name', 'text', (c) => c.notNull())
    .addColumn('proposed_given_name', 'text', (c) => c.notNull())
    .addColumn('proposed_email', 'text', (c) => c.notNull())
    .addColumn('proposed_phone', 'varchar(32)', (c) => c.notNull())
    .addColumn('submitted_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('target_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('follow_code_hash', 'varchar(64)')
    .addColumn('follow_code_expires_at', 'varchar(30)')
    .addColumn('follow_code_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('approved_by', 'varchar(64)')
    .addColumn('approved_at', 'varchar(30)')
    .addColumn('override_reason', 'text')
    .addColumn('confirmed_by', 'varchar(64)')
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('decision_reason', 'text')
    .addColumn('appointment_id', 'varchar(36)')
    .execute();
  await db.schema
    .createIndex('exception_request_enterprise')
    .on('exception_request')
    .column('enterprise_number')
    .execute();
  await db.schema
    .createIndex('exception_request_queue')
    .on('exception_request')
    .columns(['status', 'submitted_at'])
    .execute();

  await db.schema
    .createTable('exception_attachment')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().references('exception_request.id'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('uploaded_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exception_attachment_request').on('exception_attachment').column('request_id').execute();

  await db.schema
    .createTable('exception_history')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().references('exception_request.id'))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor', 'varchar(64)')
    .addColumn('actor_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('action', 'varchar(48)', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('details_json', 'text')
    .execute();
  await db.schema
    .createIndex('exception_history_request')
    .on('exception_history')
    .columns(['request_id', 'at'])
    .execute();

  await db.schema
    .createTable('exception_challenge')
    .addColumn('challenge', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('difficulty', 'integer', (c) => c.notNull())
    .addColumn('issued_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();

  await db.schema
    .createTable('exception_follow_token')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().references('exception_request.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'exception_follow_token',
    'exception_challenge',
    'exception_history',
    'exception_attachment',
    'exception_request',
    'operator',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
