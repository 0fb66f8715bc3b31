import type { Kysely } from 'kysely';

/** The public registers btb reads: enterprises (KBO open data), legal functions, employment, persons. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enterprise')
    .addColumn('number', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('juridical_situation', 'varchar(8)')
    .addColumn('type_of_enterprise', 'varchar(8)')
    .addColumn('juridical_form', 'varchar(8)')
    .addColumn('juridical_form_cac', 'varchar(8)')
    .addColumn('start_date', 'varchar(10)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('denomination')
    .addColumn('entity_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('language', 'varchar(2)', (c) => c.notNull())
    .addColumn('type', 'varchar(3)', (c) => c.notNull())
    .addColumn('denomination', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('denomination_entity').on('denomination').column('entity_number').execute();

  await db.schema
    .createTable('establishment')
    .addColumn('number', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)')
    .execute();
  await db.schema.createIndex('establishment_enterprise').on('establishment').column('enterprise_number').execute();

  await db.schema
    .createTable('kbo_code')
    .addColumn('category', 'varchar(64)', (c) => c.notNull())
    .addColumn('code', 'varchar(32)', (c) => c.notNull())
    .addColumn('language', 'varchar(2)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kbo_code_pk', ['category', 'code', 'language'])
    .execute();

  await db.schema
    .createTable('kbo_meta')
    .addColumn('variable', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('person')
    .addColumn('number', 'varchar(11)', (c) => c.primaryKey())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('language', 'varchar(2)', (c) => c.notNull())
    .addColumn('email', 'text')
    .execute();

  await db.schema
    .createTable('legal_function')
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('person_number', 'varchar(11)', (c) => c.notNull())
    .addColumn('function_code', 'varchar(8)', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('end_date', 'varchar(10)')
    .addPrimaryKeyConstraint('legal_function_pk', ['enterprise_number', 'person_number', 'function_code', 'start_date'])
    .execute();
  await db.schema.createIndex('legal_function_person').on('legal_function').column('person_number').execute();

  await db.schema
    .createTable('employment')
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('person_number', 'varchar(11)', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('end_date', 'varchar(10)')
    .addPrimaryKeyConstraint('employment_pk', ['enterprise_number', 'person_number', 'start_date'])
    .execute();
  await db.schema.createIndex('employment_person').on('employment').column('person_number').execute();

  await db.schema
    .createTable('import_run')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('started_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(30)')
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_written', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('details', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'import_run',
    'employment',
    'legal_function',
    'person',
    'kbo_meta',
    'kbo_code',
    'establishment',
    'denomination',
    'enterprise',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
