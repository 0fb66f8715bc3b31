/**
 * Table types for Kysely. Timestamps are ISO-8601 UTC strings and dates are `YYYY-MM-DD`
 * strings on both engines: they compare correctly as text, and one representation keeps the
 * SQLite and PostgreSQL code paths identical (no driver-specific Date parsing).
 */
import type { Generated } from 'kysely';

export interface EnterpriseTable {
  number: string;
  status: string; // KBO Status code: AC active, ST stopped
  juridical_situation: string | null;
  type_of_enterprise: string | null;
  juridical_form: string | null;
  juridical_form_cac: string | null;
  start_date: string | null;
  updated_at: string;
}

export interface DenominationTable {
  entity_number: string;
  language: string; // KBO: 0 unknown, 1 fr, 2 nl, 3 de, 4 en
  type: string; // KBO: 001 name, 002 abbreviation, 003 commercial name, 004 branch name
  denomination: string;
}

export interface EstablishmentTable {
  number: string;
  enterprise_number: string;
  start_date: string | null;
}

export interface KboCodeTable {
  category: string;
  code: string;
  language: string;
  description: string;
}

export interface KboMetaTable {
  variable: string;
  value: string;
}

export interface PersonTable {
  number: string;
  family_name: string;
  given_name: string;
  language: string;
  email: string | null;
}

export interface LegalFunctionTable {
  enterprise_number: string;
  person_number: string;
  function_code: string;
  start_date: string;
  end_date: string | null;
}

export interface EmploymentTable {
  enterprise_number: string;
  person_number: string;
  start_date: string;
  end_date: string | null;
}

export interface ImportRunTable {
  id: string;
  kind: string;
  source: string;
  started_at: string;
  finished_at: string | null;
  rows_read: number;
  rows_written: number;
  details: string | null;
}

export type AppointmentKind = 'main' | 'co_main' | 'domain' | 'client';
export type Procedure = 'standard' | 'exception';

export interface AppointmentTable {
  id: string;
  enterprise_number: string;
  person_number: string;
  kind: AppointmentKind;
  /** '' for kinds without a domain, so that it can sit in a unique index on both engines */
  domain: string;
  mandate_id: string | null;
  email: string;
  phone: string;
  procedure: Procedure;
  appointed_by: string | null;
  appointed_by_role: string;
  exception_request_id: string | null;
  created_at: string;
  valid_from: string;
  valid_until: string | null;
  ended_at: string | null;
  ended_by: string | null;
  end_reason: string | null;
}

export interface AccessGrantTable {
  id: string;
  enterprise_number: string;
  person_number: string;
  service: string;
  /** '' when the grant is for the whole service */
  service_role: string;
  domain: string;
  mandate_id: string | null;
  granted_by: string;
  granted_by_role: string;
  invitation_id: string | null;
  created_at: string;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface InvitationTable {
  id: string;
  token_hash: string;
  enterprise_number: string;
  email: string;
  service: string;
  service_role: string;
  domain: string;
  valid_from: string | null;
  valid_until: string | null;
  expires_at: string;
  created_by: string;
  created_by_role: string;
  created_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  grant_id: string | null;
  revoked_at: string | null;
}

export interface AuditEventTable {
  seq: number;
  id: string;
  at: string;
  actor: string | null;
  actor_role: string | null;
  enterprise_number: string | null;
  action: string;
  target: string | null;
  before_json: string | null;
  after_json: string | null;
  procedure: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface OutboxTable {
  seq: Generated<number>;
  id: string;
  channel: 'mail' | 'webhook';
  enterprise_number: string | null;
  payload: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
}

export interface Database {
  enterprise: EnterpriseTable;
  denomination: DenominationTable;
  establishment: EstablishmentTable;
  kbo_code: KboCodeTable;
  kbo_meta: KboMetaTable;
  person: PersonTable;
  legal_function: LegalFunctionTable;
  employment: EmploymentTable;
  import_run: ImportRunTable;
  appointment: AppointmentTable;
  access_grant: AccessGrantTable;
  invitation: InvitationTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  outbox: OutboxTable;
}
