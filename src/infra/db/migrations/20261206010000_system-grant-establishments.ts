import type { Kysely } from 'kysely';

/**
 * Review 5, finding 8: a system user's grant may be limited to establishment units of its
 * enterprise, as a person's grant is (20261204070000_grant-establishments.ts): the same column,
 * sorted comma-separated 10-digit numbers; NULL: no limit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('system_user_grant').addColumn('establishments', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('system_user_grant').dropColumn('establishments').execute();
}
