import type { Kysely } from 'kysely';
import { isPostgres } from '../migrate.ts';

/**
 * Issue 19: a person may be known by an eIDAS identifier `CC/BE/identifier` (up to 106
 * characters) rather than an 11-digit national or BIS number. Every column that holds a person,
 * or an actor that may be one, becomes varchar(128). PostgreSQL enforces lengths, so it widens
 * them (a catalogue change: widening a varchar rewrites neither table nor index); SQLite never
 * enforces a varchar length, so there is nothing to do there.
 *
 * The registers' own tables (person, legal_function, employment) keep 11: the KBO feeds only
 * ever carry Belgian numbers.
 *
 * `eidas_person` keeps what eIDAS guarantees about a person who logged in through it (names,
 * birth date), since no register does; `person_link` records the service desk linking such a
 * person to the BIS number they got later (four eyes: proposed by one operator, confirmed by
 * another), after which their rights are held under the BIS number.
 */
export const PERSON_COLUMNS: [table: string, column: string][] = [
  ['access_grant', 'person_number'],
  ['access_grant', 'granted_by'],
  ['access_grant', 'revoked_by'],
  ['access_request', 'requester'],
  ['access_request', 'decided_by'],
  ['appointment', 'person_number'],
  ['appointment', 'appointed_by'],
  ['appointment', 'ended_by'],
  ['appointment_report', 'reported_by'],
  ['appointment_report', 'decided_by'],
  ['audit_event', 'actor'],
  ['exception_attachment', 'uploaded_by'],
  ['exception_history', 'actor'],
  ['exception_request', 'proposed_person'],
  ['exception_request', 'submitted_by'],
  ['exception_request', 'approved_by'],
  ['exception_request', 'confirmed_by'],
  ['exception_request', 'decided_by'],
  ['invitation', 'person_number'],
  ['invitation', 'accepted_by'],
  ['invitation', 'created_by'],
  ['invitation', 'revoked_by'],
  ['mandate', 'proposed_by'],
  ['mandate', 'accepted_by'],
  ['mandate', 'rejected_by'],
  ['mandate', 'ended_by'],
  ['operator', 'person_number'],
  ['operator', 'added_by'],
  ['register_review', 'person_number'],
  ['register_review', 'decided_by'],
  ['reminder_item', 'manager'],
  ['session', 'person_number'],
];

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const [table, column] of PERSON_COLUMNS) {
      await db.schema
        .alterTable(table)
        .alterColumn(column, (c) => c.setDataType('varchar(128)'))
        .execute();
    }
  }
  await db.schema
    .createTable('eidas_person')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('country', 'varchar(2)', (c) => c.notNull())
    .addColumn('family_name', 'text')
    .addColumn('given_name', 'text')
    .addColumn('birth_date', 'varchar(10)')
    .addColumn('first_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('person_link')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('eidas_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('person_number', 'varchar(11)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('proposed_by', 'varchar(128)', (c) => c.notNull())
    .addColumn('proposed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(128)')
    .addColumn('decided_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('person_link_eidas').on('person_link').column('eidas_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('person_link').execute();
  await db.schema.dropTable('eidas_person').execute();
  // Narrowing back would fail on any eIDAS identifier stored meanwhile; the columns stay wide.
}
