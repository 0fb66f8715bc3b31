/**
 * Review 5, finding 4 keeps a Belgian number that holds rights from being linked to an eIDAS
 * person (their rights would merge silently). The link reads "does the number hold an appointment
 * or a grant?" and then moves rights to it; a grant or appointment being created for the number at
 * that moment, not yet committed, is invisible to that read (PostgreSQL's read committed), so both
 * would commit. The two sides serialise on one transaction-level advisory lock per number: the
 * link holds it exclusively, every creation of a right for a number holds it shared (creations
 * of rights do not wait for one another). SQLite serialises writers anyway.
 *
 * A creation takes it just before its insert and before its audit event: the link takes the audit
 * chain's head after this lock, so taking them in the same order cannot deadlock.
 */
import { sql } from 'kysely';
import type { Tx } from '../../infra/db/database.ts';
import type { Deps } from '../deps.ts';

const key = (personNumber: string) => `person_link:${personNumber}`;

/** The link's side: no right is being created for the number until this transaction ends. */
export async function lockNumberForLink(tx: Tx, deps: Pick<Deps, 'db'>, personNumber: string): Promise<void> {
  if (deps.db.engine === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext(${key(personNumber)}))`.execute(tx);
}

/** A creation's side: no link of the number decides until this transaction ends. */
export async function holdNumberAgainstLink(tx: Tx, deps: Pick<Deps, 'db'>, personNumber: string): Promise<void> {
  if (deps.db.engine === 'postgres')
    await sql`select pg_advisory_xact_lock_shared(hashtext(${key(personNumber)}))`.execute(tx);
}
