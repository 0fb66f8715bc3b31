/**
 * Review 10: resource search lists a service that needs a Social Security capacity only where the
 * enterprise holds it (issue 19), read from `enterprise_capacity`; since session 10 its kept answer
 * is stamped with the change feed's version (src/app/search-cache.ts), which moves only with the
 * notifications of migration 20261208300000. That table was not among them: a capacity ended by a
 * register import (another process) left the service listed until the next whole hour while the
 * check said no. It notifies now, as the other register tables do (payload: the table's name;
 * change-feed.ts counts it as a change, not as a register status).
 */
import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../migrate.ts';

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create trigger btb_notify_enterprise_capacity after insert or update or delete or truncate
    on enterprise_capacity for each statement execute function btb_notify_table()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop trigger btb_notify_enterprise_capacity on enterprise_capacity`.execute(db);
}
