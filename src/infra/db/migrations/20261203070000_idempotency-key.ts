import type { Kysely } from 'kysely';

/**
 * Idempotency-Key answers in the database rather than in one process's memory, so that a retry
 * that reaches another node behind the load balancer is answered from the first one's response.
 * `key` is a SHA-256 over who sent it, the request and the key (the raw key is not kept);
 * `state` is 'running' until the first response is stored ('done'); rows live a day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_key')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_ms', 'bigint', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('content_type', 'varchar(200)')
    .addColumn('body', 'text')
    .addColumn('body_base64', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idempotency_key_created').on('idempotency_key').column('created_ms').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_key').execute();
}
