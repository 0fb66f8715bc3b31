import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, section 2: under a mandate, the holder (an accountant) creates a system user that acts
 * for the client. Such a system user is the client's (enterprise_number = the mandator) and names
 * its mandate; '' is an enterprise's own. One active system user per system, enterprise and
 * mandate: the client's own and one per mandate may stand side by side.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('system_user')
    .addColumn('mandate_id', 'varchar(36)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.dropIndex('system_user_one_active').execute();
  await sql`create unique index system_user_one_active on system_user (system_id, enterprise_number, mandate_id) where ended_at is null`.execute(
    db,
  );
  await db.schema.createIndex('system_user_mandate').on('system_user').column('mandate_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('system_user_mandate').execute();
  await db.schema.dropIndex('system_user_one_active').execute();
  await db.schema.alterTable('system_user').dropColumn('mandate_id').execute();
  await sql`create unique index system_user_one_active on system_user (system_id, enterprise_number) where ended_at is null`.execute(
    db,
  );
}
