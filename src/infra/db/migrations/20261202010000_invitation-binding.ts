import type { Kysely } from 'kysely';

/**
 * Issue 13: invitations bound to a person and closed on purpose. An invitation may name the
 * person the inviter means (national or BIS number): only that person may accept it; without
 * one, only a person whose identity provider verified the invited address. An invitation is
 * revoked by a manager or lapses when its sender can no longer grant that access: who closed it
 * and why is kept. The session keeps whether the provider verified the e-mail address.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invitation').addColumn('person_number', 'varchar(11)').execute();
  await db.schema.alterTable('invitation').addColumn('revoked_by', 'varchar(64)').execute();
  await db.schema.alterTable('invitation').addColumn('revoke_reason', 'varchar(32)').execute();
  await db.schema
    .alterTable('session')
    .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('session').dropColumn('email_verified').execute();
  for (const c of ['revoke_reason', 'revoked_by', 'person_number']) {
    await db.schema.alterTable('invitation').dropColumn(c).execute();
  }
}
