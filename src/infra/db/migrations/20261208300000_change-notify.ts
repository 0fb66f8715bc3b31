/**
 * Issue 20: on PostgreSQL a node learns of other processes' commits without a query per check.
 * Every change the check index depends on notifies the channel `btb_change:<schema>` in its own
 * transaction, and PostgreSQL delivers a notification only when that transaction commits, in
 * commit order (src/infra/db/change-feed.ts listens; docs/consistency.md states the promise):
 * - the audit head's advance (every audited change: grants, appointments, clients), payload the
 *   new seq;
 * - any write to the tables read beside the audit log: the register (enterprise, employment,
 *   legal_function) and what answers under mandates depend on (mandate, mandate_scope,
 *   access_grant, appointment), whoever writes them (a register import, a raw statement), once per
 *   statement, payload the table's name (PostgreSQL sends identical payloads of one transaction
 *   once, so a bulk import notifies once per table).
 * SQLite needs none of this: its `data_version` moves with every other connection's commit.
 */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../migrate.ts';

const TABLES = [
  'enterprise',
  'employment',
  'legal_function',
  'mandate',
  'mandate_scope',
  'access_grant',
  'appointment',
];

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create function btb_notify_head() returns trigger language plpgsql as $$
    begin
      perform pg_notify('btb_change:' || tg_table_schema, new.seq::text);
      return null;
    end $$`.execute(db);
  await sql`create function btb_notify_table() returns trigger language plpgsql as $$
    begin
      perform pg_notify('btb_change:' || tg_table_schema, tg_table_name);
      return null;
    end $$`.execute(db);
  await sql`create trigger btb_notify_head after update on audit_head
    for each row execute function btb_notify_head()`.execute(db);
  for (const t of TABLES) {
    await sql`create trigger ${sql.raw(`btb_notify_${t}`)} after insert or update or delete or truncate on ${sql.table(t)}
      for each statement execute function btb_notify_table()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const t of TABLES) await sql`drop trigger ${sql.raw(`btb_notify_${t}`)} on ${sql.table(t)}`.execute(db);
  await sql`drop trigger btb_notify_head on audit_head`.execute(db);
  await sql`drop function btb_notify_table()`.execute(db);
  await sql`drop function btb_notify_head()`.execute(db);
}
