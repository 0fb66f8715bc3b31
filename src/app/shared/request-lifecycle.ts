/**
 * What a person's access request and a vendor's request for a system user share (issues 17 and
 * 18): an open request becomes expired once, whoever meets it first (a change, the lifetime sweep);
 * a decision stamps the same columns on both.
 */
import type { Tx } from '../../infra/db/database.ts';

type RequestTable = 'access_request' | 'system_user_request';

/** Marks an open request expired; true when this call did it (a second caller finds it done). */
export async function markExpired(tx: Tx, table: RequestTable, id: string, now: string): Promise<boolean> {
  // both tables have these columns; Kysely types an update of one table at a time
  const done = await tx
    .updateTable(table as 'access_request')
    .set({ status: 'expired', updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** The columns every decided request gets, beside its new status. */
export const decidedColumns = (by: string | null | undefined, role: string, now: string) => ({
  decided_by: by ?? null,
  decided_by_role: role,
  decided_at: now,
  updated_at: now,
});
