import type { Kysely } from 'kysely';

/**
 * Issue 16, item 3: the language the sender chose for the invitee's mail (nl, fr, de or en);
 * a resend writes in it again. Null on older invitations: their sender's language is used.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invitation').addColumn('language', 'varchar(2)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invitation').dropColumn('language').execute();
}
