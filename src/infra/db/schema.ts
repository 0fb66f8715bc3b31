/**
 * Table types for Kysely. Timestamps are ISO-8601 UTC strings and dates are `YYYY-MM-DD`
 * strings on both engines: they compare correctly as text, and one representation keeps the
 * SQLite and PostgreSQL code paths identical (no driver-specific Date parsing).
 *
 * One file per area under ./schema/, each with the interface that lists its tables; a new table
 * goes in its area's file and interface. Importers name this module only (the use cases may import
 * it, not the area files: .dependency-cruiser.cjs).
 */
import type { AuditOutboxTables } from './schema/audit-outbox.ts';
import type { ExceptionTables } from './schema/exception.ts';
import type { ForeignTables } from './schema/foreign.ts';
import type { ManagementTables } from './schema/management.ts';
import type { MandateTables } from './schema/mandates.ts';
import type { RegisterTables } from './schema/registers.ts';
import type { SessionTables } from './schema/sessions.ts';
import type { SystemUserTables } from './schema/system-users.ts';

export type * from './schema/audit-outbox.ts';
export type * from './schema/exception.ts';
export type * from './schema/foreign.ts';
export type * from './schema/management.ts';
export type * from './schema/mandates.ts';
export type * from './schema/registers.ts';
export type * from './schema/sessions.ts';
export type * from './schema/system-users.ts';

export interface Database
  extends SessionTables,
    RegisterTables,
    ManagementTables,
    AuditOutboxTables,
    ExceptionTables,
    MandateTables,
    SystemUserTables,
    ForeignTables {}
