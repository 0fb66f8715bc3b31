import { type Kysely, sql } from 'kysely';

/**
 * Review 8, finding 3b: a foreign enterprise's national register number was compared as typed, so
 * `HRB 123` and `hrb123` made two live records of one enterprise. The key it is compared by is
 * stored beside it: upper case, without spaces, dots or dashes (foreignRegisterKey in
 * src/domain/foreign-enterprise.ts, the same rule as the expression below), filled in for the records
 * already there. Not unique: records made before this may already hold two live rows of one key,
 * and the registration checks it in its transaction, as it checks the EUID.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('foreign_enterprise').addColumn('national_register_key', 'varchar(64)').execute();
  await db
    .updateTable('foreign_enterprise')
    .set({
      national_register_key: sql`upper(replace(replace(replace(national_register_number, ' ', ''), '.', ''), '-', ''))`,
    })
    .where('national_register_number', 'is not', null)
    .execute();
  await db.schema
    .createIndex('foreign_enterprise_register_key')
    .on('foreign_enterprise')
    .columns(['country', 'national_register_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('foreign_enterprise_register_key').execute();
  await db.schema.alterTable('foreign_enterprise').dropColumn('national_register_key').execute();
}
