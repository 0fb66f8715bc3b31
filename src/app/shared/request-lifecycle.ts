/**
 * What a person's access request and a vendor's request for a system user share (issues 17 and
 * 18): an open request becomes expired once, whoever meets it first (a change, the lifetime sweep);
 * a decision moves it out of 'open' once (a concurrent one that lost is told 409) and stamps the
 * same columns on both; the sweep finds the overdue ones with the same query. What differs between
 * the two is the audit event (who it is filed at, what it names), which each caller passes in.
 */
import { effectiveStatus } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Db, Tx } from '../../infra/db/database.ts';
import type { AccessRequestTable, SystemUserRequestTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { type Change, type Ctx, record } from './record.ts';

interface RequestRows {
  access_request: AccessRequestTable;
  system_user_request: SystemUserRequestTable;
}
type RequestTable = keyof RequestRows;

/**
 * One request, locked for a change on PostgreSQL (SQLite serialises writers), found only where
 * `column` (the enterprise the path names, the vendor, the requester) is `value`: a request of
 * another is not found (`<table>.not_found`), its existence not the caller's to learn.
 */
export async function lockRequest<T extends RequestTable>(
  tx: Tx,
  deps: Deps,
  table: T,
  column: 'enterprise_number' | 'vendor_number' | 'requester',
  value: string,
  id: string,
): Promise<RequestRows[T]> {
  // the columns exist on the table each caller names; Kysely types a select of one table at a time
  let q = tx
    .selectFrom(table as 'access_request')
    .selectAll()
    .where('id', '=', id)
    .where(column as 'enterprise_number', '=', value);
  if (deps.db.engine === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError(`${table}.not_found`, { request: id });
  return row as RequestRows[T];
}

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

/** What an expiry's or a decision's audit event says beyond its time, role and `before`. */
export type RequestEvent = Pick<Change, 'enterprise' | 'action' | 'target' | 'after' | 'mails'>;

/**
 * Marks an open request whose time ran out as expired and audits it (`event`): the state a reader
 * would compute anyway (effectiveStatus), written down when a change meets it or the lifetime sweep
 * finds it. Returns whether this call did it (a second node finds it done and audits nothing).
 */
export async function expireIfDue<T extends RequestTable>(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  table: T,
  r: RequestRows[T],
  now: string,
  actorRole: string,
  event: RequestEvent | (() => Promise<RequestEvent>),
): Promise<boolean> {
  if (effectiveStatus(r, now) !== 'expired' || r.status !== 'open') return false;
  if (!(await markExpired(tx, table, r.id, now))) return false;
  // an event that needs reads of its own (a mail's recipient) is built only once the expiry is written
  const e = typeof event === 'function' ? await event() : event;
  await record(tx, deps, ctx, { at: now, actorRole, before: { status: 'open' }, ...e });
  return true;
}

/**
 * Moves an open request out of 'open' (a decision: `set` with decidedColumns; a withdrawal) and
 * audits the move (`change`, its `before` is the open state); a concurrent decision or withdrawal
 * that won leaves nothing to move: `<table>.concurrent_change` (409), and nothing is written.
 */
export async function closeRequest<T extends RequestTable>(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  table: T,
  id: string,
  set: Partial<RequestRows[T]>,
  change: Omit<Change, 'before'>,
): Promise<void> {
  const done = await tx
    .updateTable(table as 'access_request')
    .set(set as Partial<AccessRequestTable>)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new DomainError(`${table}.concurrent_change`, { request: id });
  await record(tx, deps, ctx, { ...change, before: { status: 'open' } });
}

/** The open requests past their expiry, for the lifetime sweep (at most 5000 a run, like its other steps). */
export function overdueRequests<T extends RequestTable>(db: Db, table: T, now: string): Promise<RequestRows[T][]> {
  return db
    .selectFrom(table as 'access_request')
    .selectAll()
    .where('status', '=', 'open')
    .where('expires_at', '<=', now)
    .limit(5000)
    .execute() as Promise<RequestRows[T][]>;
}
