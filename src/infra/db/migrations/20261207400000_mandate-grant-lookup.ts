/**
 * The check's lookup of a grant under a mandate (check-store's `mandateGrantState`: person,
 * enterprise, service, mandate_id not null) had no index of its own. PostgreSQL planned it through
 * `access_grant_mandate` (mandate_id not null) and filtered every grant under every mandate:
 * 68 ms a check at 5M grants / 50K grants under mandates (bench1, scale 1), where statistics that
 * had sampled few such grants made that plan look cheapest. A partial index on exactly the lookup's
 * columns makes it 0.27 ms on the same data, and it is small (grants under mandates only).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index access_grant_mandate_person on access_grant (person_number, enterprise_number, service)
    where mandate_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('access_grant_mandate_person').execute();
}
