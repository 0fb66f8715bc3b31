import type { Kysely } from 'kysely';

/**
 * Issue 19: a grant (and the invitation that becomes one) may be limited to establishment units
 * of its enterprise. Kept as one column of sorted, comma-separated 10-digit numbers rather than a
 * table of its own: a grant has a handful at most, they are read with the grant on the check's
 * hot path (one row, no join), and they change only with the grant. NULL: no limit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('access_grant').addColumn('establishments', 'text').execute();
  await db.schema.alterTable('invitation').addColumn('establishments', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('access_grant').dropColumn('establishments').execute();
  await db.schema.alterTable('invitation').dropColumn('establishments').execute();
}
