import type { Kysely } from 'kysely';

/**
 * Issue 18, section 2: the service desk ends a system (compromised, or registered with someone
 * else's client ids). An ended system keeps its row for the history; its client ids are released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('system').addColumn('ended_at', 'varchar(30)').execute();
  await db.schema.alterTable('system').addColumn('ended_by', 'varchar(64)').execute();
  await db.schema.alterTable('system').addColumn('end_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['end_reason', 'ended_by', 'ended_at']) await db.schema.alterTable('system').dropColumn(c).execute();
}
