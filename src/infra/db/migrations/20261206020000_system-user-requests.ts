import type { Kysely } from 'kysely';

/**
 * Issue 18, section 2: a vendor's request to a customer enterprise to let its system act for it
 * (a system user with the services listed), approved or refused in the customer's inbox like an
 * access request, withdrawn by the vendor, or expired (SYSTEM_USER_REQUEST_TTL_DAYS).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('system_user_request')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('system_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('vendor_number', 'varchar(10)', (c) => c.notNull())
    .addColumn('enterprise_number', 'varchar(10)', (c) => c.notNull())
    // the wished service codes, comma-separated, sorted (each within the system's list when sent)
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('wished_until', 'varchar(30)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by_role', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(64)')
    .addColumn('decided_by_role', 'varchar(32)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('decision_reason', 'text')
    // the system user an approval created, and the services it granted (comma-separated)
    .addColumn('result_id', 'varchar(36)')
    .addColumn('granted', 'text')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('system_user_request_enterprise')
    .on('system_user_request')
    .columns(['enterprise_number', 'status'])
    .execute();
  await db.schema
    .createIndex('system_user_request_vendor')
    .on('system_user_request')
    .columns(['vendor_number', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('system_user_request').execute();
}
