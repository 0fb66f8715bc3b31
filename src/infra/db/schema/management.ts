/**
 * The management tree: appointments of access managers, the grants they give, invitations and access requests that
 * lead to them, and what watches them (grant use, reminders, reports, register reviews).
 * Timestamps and dates are ISO-8601 strings (see ../schema.ts).
 */

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

/** The tables of this area, by name: `Database` (../schema.ts) extends it. */
export interface ManagementTables {
  appointment: AppointmentTable;
  access_grant: AccessGrantTable;
  invitation: InvitationTable;
  register_review: RegisterReviewTable;
  access_request: AccessRequestTable;
  grant_use: GrantUseTable;
  reminder_item: ReminderItemTable;
  appointment_report: AppointmentReportTable;
}
