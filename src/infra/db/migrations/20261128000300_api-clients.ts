import type { Kysely } from 'kysely';
import { isPostgres } from '../migrate.ts';

/**
 * Callers of the check API (registered clients and their short-lived access tokens), and the
 * webhooks that tell them of every change: subscriptions, one delivery per (subscription, event)
 * fanned out from the outbox, and a log of every attempt.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema
    .createTable('api_client')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    /** comma-separated domain or service codes, or `*` */
    .addColumn('scope', 'text', (c) => c.notNull())
    /** sha256 (hex) of a 256-bit random secret: see manage-api-clients.ts for why not scrypt */
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .execute();

  // Opaque access tokens, stored hashed: a stolen database copy yields no usable token.
  await db.schema
    .createTable('api_token')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('client_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_token_client').on('api_token').column('client_id').execute();

  await db.schema
    .createTable('webhook_subscription')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('client_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    /** the HMAC key itself: it must be read back to sign, so it cannot be hashed */
    .addColumn('secret', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .execute();

  await db.schema
    .createTable('webhook_delivery')
    .addColumn('id', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('subscription_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('outbox_seq', pg ? 'bigint' : 'integer', (c) => c.notNull())
    .addColumn('event_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('enterprise_number', 'varchar(10)')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('delivered_at', 'varchar(30)')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('webhook_delivery_pending')
    .on('webhook_delivery')
    .columns(['delivered_at', 'outbox_seq'])
    .execute();
  await db.schema
    .createIndex('webhook_delivery_subscription')
    .on('webhook_delivery')
    .columns(['subscription_id', 'outbox_seq'])
    .execute();

  await db.schema
    .createTable('webhook_attempt')
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('delivery_id', 'varchar(120)', (c) => c.notNull())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_attempt_delivery').on('webhook_attempt').column('delivery_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['webhook_attempt', 'webhook_delivery', 'webhook_subscription', 'api_token', 'api_client']) {
    await db.schema.dropTable(t).execute();
  }
}
