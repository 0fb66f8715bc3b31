import type { Kysely } from 'kysely';

/**
 * Browser sessions and pending logins, in the database so that several btb nodes share them.
 * Neither table stores a secret that works when read: the cookie holds a random token, the
 * table only its SHA-256 (a stolen backup does not log anyone in).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('person_number', 'varchar(11)')
    .addColumn('foreign_id', 'varchar(256)')
    .addColumn('subject', 'varchar(256)', (c) => c.notNull())
    .addColumn('issuer', 'varchar(512)', (c) => c.notNull())
    .addColumn('loa', 'varchar(16)', (c) => c.notNull())
    .addColumn('means', 'varchar(32)', (c) => c.notNull())
    .addColumn('family_name', 'text')
    .addColumn('given_name', 'text')
    .addColumn('email', 'text')
    .addColumn('locale', 'varchar(16)')
    .addColumn('user_agent', 'varchar(512)')
    .addColumn('id_token', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('session_person').on('session').column('person_number').execute();
  await db.schema.createIndex('session_foreign').on('session').column('foreign_id').execute();

  // One row per authorization request in flight: state, nonce and PKCE verifier stay on the
  // server, bound to the browser by a cookie; the callback consumes the row (no replay).
  await db.schema
    .createTable('login_request')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('state', 'varchar(128)', (c) => c.notNull())
    .addColumn('nonce', 'varchar(128)', (c) => c.notNull())
    .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('loa', 'varchar(16)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_request').execute();
  await db.schema.dropTable('session').execute();
}
