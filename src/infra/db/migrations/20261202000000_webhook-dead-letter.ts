import type { Kysely } from 'kysely';

/**
 * Webhook deliveries that keep failing stop being retried after BTB_WEBHOOK_MAX_ATTEMPTS and are
 * marked dead (issue 15 item 5): `dead_at` says when. `btb webhooks replay` puts them back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_delivery').addColumn('dead_at', 'varchar(30)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_delivery').dropColumn('dead_at').execute();
}
