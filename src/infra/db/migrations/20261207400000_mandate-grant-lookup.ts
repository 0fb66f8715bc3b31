/**
 * The check's lookups of a grant under a mandate (check-store's `mandateGrantState` and the mandate
 * rows: person, enterprise, service, mandate_id not null) had no index of their own. With
 * statistics taken before the grants under mandates came (the bench's data at scale 1: 5M grants,
 * 50K under mandates), PostgreSQL planned them through `access_grant_mandate` or the unique index
 * led by mandate_id and filtered every grant under every mandate: 16–68 ms a check. Fresh
 * statistics alone pick `access_grant_person` and filter; this partial index on exactly the
 * lookups' columns needs no luck with statistics (0.27 ms on the same data) and is small (grants
 * under mandates only).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index access_grant_mandate_person on access_grant (person_number, enterprise_number, service)
    where mandate_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('access_grant_mandate_person').execute();
}
