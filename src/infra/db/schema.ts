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

/** issue 19, section 4: a capacity held in a domain (register import, `btb import capacities`) */
export interface EnterpriseCapacityTable {
  enterprise_number: string;
  domain: string;
  capacity: string;
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
  /** the access request it answered (issue 18); optional so older literals need not name it */
  access_request_id?: string | null;
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
  /** the access request it answered (issue 18): the chain says "granted on request of" */
  access_request_id?: string | null;
  created_at: string;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  /** issue 19: sorted comma-separated establishment unit numbers it is limited to; null: no limit */
  establishments?: string | null;
}

/** A software product a vendor registered (issue 18, section 2). */
export interface SystemTable {
  id: string;
  name: string;
  vendor_number: string;
  /** service codes, comma-separated */
  services: string;
  created_by: string;
  created_by_role: string;
  created_at: string;
  updated_at: string;
  /** ended by the service desk (its client ids released); absent on rows read before the column */
  ended_at?: string | null;
  ended_by?: string | null;
  end_reason?: string | null;
}

/** An OAuth client id of one installation of a system: names exactly one system. */
export interface SystemClientTable {
  client_id: string;
  system_id: string;
}

/** A system acting for one enterprise, created by that enterprise's managers. */
export interface SystemUserTable {
  id: string;
  system_id: string;
  enterprise_number: string;
  created_by: string;
  created_by_role: string;
  created_at: string;
  ended_at: string | null;
  ended_by: string | null;
  /** the mandate under which the holder created it for the client (enterprise_number); '' the enterprise's own */
  mandate_id: string;
}

/** A service granted to a system user, with the same dates and revocation as a person's grant. */
export interface SystemUserGrantTable {
  id: string;
  system_user_id: string;
  enterprise_number: string;
  service: string;
  /** '' when the grant is for the whole service */
  service_role: string;
  domain: string;
  granted_by: string;
  granted_by_role: string;
  created_at: string;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  /** review 5, finding 8: the establishment units it is limited to, as on access_grant; null: no limit */
  establishments?: string | null;
}

/** A vendor's request to a customer enterprise to let its system act for it (issue 18, section 2). */
export interface SystemUserRequestTable {
  id: string;
  system_id: string;
  vendor_number: string;
  enterprise_number: string;
  /** wished service codes, comma-separated */
  services: string;
  message: string | null;
  wished_until: string | null;
  status: AccessRequestStatus;
  created_by: string;
  created_by_role: string;
  created_at: string;
  expires_at: string;
  decided_by: string | null;
  decided_by_role: string | null;
  decided_at: string | null;
  /** why it was refused, shown to the vendor */
  decision_reason: string | null;
  /** the system user an approval created */
  result_id: string | null;
  /** the services the approval granted, comma-separated */
  granted: string | null;
  updated_at: string;
}

export type AccessRequestKind = 'service' | 'access_manager';
export type AccessRequestStatus = 'open' | 'approved' | 'refused' | 'withdrawn' | 'expired';

/** A person's request to an enterprise for access (issue 18, section 1). */
export interface AccessRequestTable {
  id: string;
  enterprise_number: string;
  requester: string;
  kind: AccessRequestKind;
  domain: string;
  /** '' for a request to be access manager */
  service: string;
  /** '' for the whole service */
  service_role: string;
  message: string;
  /** the end date the requester wishes (end of a Brussels day), or none */
  wished_until: string | null;
  /** contact of a future access manager (an appointment needs both) */
  email: string | null;
  phone: string | null;
  /** the requester's language, for the mails that answer them */
  language: string;
  status: AccessRequestStatus;
  created_at: string;
  expires_at: string;
  decided_by: string | null;
  decided_by_role: string | null;
  decided_at: string | null;
  /** why it was refused, shown to the requester */
  decision_reason: string | null;
  /** the end date the approver chose */
  granted_until: string | null;
  /** the grant or appointment an approval created */
  result_id: string | null;
  updated_at: string;
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
  /** the person the inviter named: only they may accept (issue 13) */
  person_number: string | null;
  /** who closed it: a manager's number, or `system:...` when it lapsed */
  revoked_by: string | null;
  /** 'revoked' by a manager, 'lapsed' when its sender lost the power to grant it */
  revoke_reason: string | null;
  /** the language the sender chose for the invitee's mail; null: the sender's (issue 16) */
  language: string | null;
  /** issue 19: the establishment units the grant it becomes is limited to (as on access_grant) */
  establishments?: string | null;
  /** when the sender was told it expired unused (issue 17); absent on rows written before */
  expiry_notified_at?: string | null;
}

/** Issue 17: a grant's last use (batched by the check API's recorder) and the unused-grant sweep's flag. */
export interface GrantUseTable {
  grant_id: string;
  last_used_at: string | null;
  flagged_at: string | null;
}

/** Issue 17: one reminder a manager's digest carried (key: `grant:<id>:<horizon>:<manager>`). */
export interface ReminderItemTable {
  key: string;
  manager: string;
  digest_day: string;
  created_at: string;
}

/** Issue 17, section 2: "this was not us", filed by a legal representative for the service desk. */
export interface AppointmentReportTable {
  id: string;
  enterprise_number: string;
  appointment_id: string;
  reported_by: string;
  reported_at: string;
  note: string | null;
  /** 1 when it suspended an exception-procedure appointment pending review */
  suspended: number;
  status: 'open' | 'restored' | 'upheld';
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
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

export interface OperatorTable {
  person_number: string;
  added_at: string;
  added_by: string | null;
}

export type ExceptionStatus =
  | 'submitted'
  | 'info_requested'
  | 'answered'
  | 'pending_confirmation'
  | 'approved'
  | 'rejected';

export interface ExceptionRequestTable {
  id: string;
  reference: string;
  enterprise_number: string;
  status: ExceptionStatus;
  reason: string;
  reason_text: string | null;
  requester_json: string;
  requester_email: string;
  language: string;
  submitted_by: string | null;
  proposed_person: string;
  proposed_family_name: string;
  proposed_given_name: string;
  proposed_email: string;
  proposed_phone: string;
  submitted_at: string;
  updated_at: string;
  target_date: string;
  follow_code_hash: string | null;
  follow_code_expires_at: string | null;
  follow_code_attempts: number;
  approved_by: string | null;
  approved_at: string | null;
  override_reason: string | null;
  confirmed_by: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  appointment_id: string | null;
}

export interface ExceptionAttachmentTable {
  id: string;
  request_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by: string;
}

export interface ExceptionHistoryTable {
  id: string;
  request_id: string;
  at: string;
  actor: string | null;
  actor_role: string;
  action: string;
  message: string | null;
  details_json: string | null;
}

export interface ExceptionChallengeTable {
  challenge: string;
  difficulty: number;
  issued_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ExceptionFollowTokenTable {
  token_hash: string;
  request_id: string;
  created_at: string;
  expires_at: string;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  person_number: string | null;
  foreign_id: string | null;
  subject: string;
  issuer: string;
  loa: string;
  means: string;
  family_name: string | null;
  given_name: string | null;
  email: string | null;
  /** 1 when the identity provider said it verified `email` (email_verified), else 0 */
  email_verified?: number;
  locale: string | null;
  user_agent: string | null;
  id_token: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface LoginRequestTable {
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  loa: string | null;
  created_at: string;
  expires_at: string;
}

export interface ApiClientTable {
  id: string;
  name: string;
  /** comma-separated domain or service codes, or `*` */
  scope: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ApiTokenTable {
  token_hash: string;
  client_id: string;
  created_at: string;
  expires_at: string;
}

export interface WebhookSubscriptionTable {
  id: string;
  client_id: string;
  url: string;
  secret: string;
  created_at: string;
  revoked_at: string | null;
}

export interface WebhookDeliveryTable {
  id: string;
  subscription_id: string;
  outbox_seq: number;
  event_type: string;
  enterprise_number: string | null;
  body: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_status: number | null;
  last_error: string | null;
  /** set when BTB_WEBHOOK_MAX_ATTEMPTS attempts failed: no more retries until `btb webhooks replay` */
  dead_at: string | null;
}

export interface WebhookAttemptTable {
  seq: Generated<number>;
  delivery_id: string;
  at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export type MandateStatus = 'proposed' | 'active' | 'rejected' | 'ended' | 'lapsed';
export type MandateSide = 'mandator' | 'mandatary';

/** Enterprise A (mandator) lets enterprise B (mandatary) act for it; see the mandates migration. */
export interface MandateTable {
  id: string;
  mandator_number: string;
  mandatary_number: string;
  status: MandateStatus;
  valid_from: string;
  valid_until: string | null;
  proposed_by: string;
  proposed_by_side: MandateSide;
  proposed_by_role: string;
  /** issue 19: the mandator's capacity the mandate is given for (src/domain/capacities.ts); null: none */
  capacity: string | null;
  proposed_at: string;
  accepted_by: string | null;
  accepted_by_role: string | null;
  accepted_at: string | null;
  rejected_by: string | null;
  rejected_at: string | null;
  reject_reason: string | null;
  ended_by: string | null;
  ended_by_side: MandateSide | null;
  ended_at: string | null;
  end_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface MandateScopeTable {
  mandate_id: string;
  domain: string;
  /** '' when the whole domain is covered */
  service: string;
}

/** Idempotency-Key answers shared by every node (src/http/idempotency.ts). */
export interface IdempotencyKeyTable {
  key: string;
  state: 'running' | 'done';
  /** milliseconds since the epoch (bigint: read back as a number, src/infra/db/database.ts) */
  created_ms: number;
  status: number | null;
  content_type: string | null;
  body: string | null;
  body_base64: number;
}

export type RegisterReviewStatus = 'pending' | 'confirmed' | 'ended' | 'suspended' | 'restored' | 'resolved';

/** A main or co-main whom a register change left without a basis, under review (issue 17). */
export interface RegisterReviewTable {
  id: string;
  appointment_id: string;
  enterprise_number: string;
  person_number: string;
  kind: AppointmentKind;
  reason: string;
  /** the import_run that caused it; null when a live register adapter reported the change */
  import_id: string | null;
  detected_at: string;
  grace_until: string;
  status: RegisterReviewStatus;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** What eIDAS guaranteed about a person who logged in through it (issue 19); no register has them. */
export interface EidasPersonTable {
  /** `CC/BE/identifier`, the normal form of person-id.ts */
  id: string;
  country: string;
  family_name: string | null;
  given_name: string | null;
  /** YYYY-MM-DD */
  birth_date: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

export type PersonLinkStatus = 'proposed' | 'linked' | 'rejected';

/** The service desk links an eIDAS person to the BIS number they got (issue 19; four eyes). */
export interface PersonLinkTable {
  id: string;
  eidas_id: string;
  person_number: string;
  reason: string;
  status: PersonLinkStatus;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** issue 19, section 2: the desk's record of an enterprise without a KBO number */
export type ForeignEnterpriseStatus = 'proposed' | 'registered' | 'rejected' | 'linked';
export interface ForeignEnterpriseTable {
  number: string;
  euid: string | null;
  national_register_number: string | null;
  /** the number as compared: upper case, no spaces, dots or dashes (review 8, finding 3b) */
  national_register_key: string | null;
  home_register: string;
  name: string;
  country: string;
  status: ForeignEnterpriseStatus;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  kbo_number: string | null;
  linked_by: string | null;
  linked_at: string | null;
}

export type ForeignRepresentativeStatus = 'proposed' | 'active' | 'ended';
export interface ForeignRepresentativeTable {
  id: string;
  enterprise_number: string;
  person: string;
  family_name: string;
  given_name: string;
  /** the last day (Brussels) the representation holds, inclusive */
  end_date: string;
  status: ForeignRepresentativeStatus;
  /** a renewal proposed by one operator, waiting for another's confirmation */
  renewal_end_date: string | null;
  renewal_proposed_by: string | null;
  renewal_proposed_at: string | null;
}

export interface ForeignEnterpriseLinkTable {
  id: string;
  enterprise_number: string;
  kbo_number: string;
  reason: string;
  status: 'proposed' | 'linked' | 'rejected';
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** rows moved, by table: JSON */
  moved_json: string | null;
}

export interface ForeignEnterpriseAttachmentTable {
  id: string;
  enterprise_number: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by: string;
}

export interface Database {
  session: SessionTable;
  login_request: LoginRequestTable;
  enterprise: EnterpriseTable;
  denomination: DenominationTable;
  establishment: EstablishmentTable;
  kbo_code: KboCodeTable;
  kbo_meta: KboMetaTable;
  person: PersonTable;
  legal_function: LegalFunctionTable;
  enterprise_capacity: EnterpriseCapacityTable;
  employment: EmploymentTable;
  import_run: ImportRunTable;
  appointment: AppointmentTable;
  access_grant: AccessGrantTable;
  invitation: InvitationTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  outbox: OutboxTable;
  api_client: ApiClientTable;
  api_token: ApiTokenTable;
  webhook_subscription: WebhookSubscriptionTable;
  webhook_delivery: WebhookDeliveryTable;
  webhook_attempt: WebhookAttemptTable;
  operator: OperatorTable;
  exception_request: ExceptionRequestTable;
  exception_attachment: ExceptionAttachmentTable;
  exception_history: ExceptionHistoryTable;
  exception_challenge: ExceptionChallengeTable;
  exception_follow_token: ExceptionFollowTokenTable;
  mandate: MandateTable;
  mandate_scope: MandateScopeTable;
  idempotency_key: IdempotencyKeyTable;
  register_review: RegisterReviewTable;
  access_request: AccessRequestTable;
  system: SystemTable;
  system_client: SystemClientTable;
  system_user: SystemUserTable;
  system_user_grant: SystemUserGrantTable;
  system_user_request: SystemUserRequestTable;
  grant_use: GrantUseTable;
  reminder_item: ReminderItemTable;
  appointment_report: AppointmentReportTable;
  eidas_person: EidasPersonTable;
  person_link: PersonLinkTable;
  foreign_enterprise: ForeignEnterpriseTable;
  foreign_representative: ForeignRepresentativeTable;
  foreign_enterprise_attachment: ForeignEnterpriseAttachmentTable;
  foreign_enterprise_link: ForeignEnterpriseLinkTable;
}
