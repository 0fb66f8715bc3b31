/**
 * Review 10: two ways a commit reached no node's change feed (migration 20261208300000):
 * - `enterprise_capacity` did not notify. Resource search lists a service that needs a Social
 *   Security capacity only where the enterprise holds it (issue 19), and since session 10 its kept
 *   answer is stamped with the feed's version (src/app/search-cache.ts): a capacity ended by a
 *   register import (another process) left the service listed until the next whole hour while the
 *   check said no. It notifies now (payload: the table's name; change-feed.ts counts it as a change,
 *   not as a register status).
 * - Ordinary triggers do not fire in a session with `session_replication_role = replica`, which is
 *   how logical replication applies its changes (a register replicated into btb's database) and how
 *   some loaders write: such a commit notified nobody, and every node kept what it held (the answers
 *   under mandates, the register statuses) until an unrelated change. The notifying triggers fire
 *   always now. (A trigger disabled outright, `alter table … disable trigger`, is beyond any of this:
 *   restart the nodes after such a load.)
 */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../migrate.ts';

/** the tables of migration 20261208300000 and enterprise_capacity: trigger btb_notify_<table> */
const TABLES = [
  'enterprise',
  'employment',
  'legal_function',
  'mandate',
  'mandate_scope',
  'access_grant',
  'appointment',
  'enterprise_capacity',
];

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create trigger btb_notify_enterprise_capacity after insert or update or delete or truncate
    on enterprise_capacity for each statement execute function btb_notify_table()`.execute(db);
  await sql`alter table audit_head enable always trigger btb_notify_head`.execute(db);
  for (const t of TABLES)
    await sql`alter table ${sql.table(t)} enable always trigger ${sql.raw(`btb_notify_${t}`)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const t of TABLES.filter((x) => x !== 'enterprise_capacity'))
    await sql`alter table ${sql.table(t)} enable trigger ${sql.raw(`btb_notify_${t}`)}`.execute(db);
  await sql`alter table audit_head enable trigger btb_notify_head`.execute(db);
  await sql`drop trigger btb_notify_enterprise_capacity on enterprise_capacity`.execute(db);
}
