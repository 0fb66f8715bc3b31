/**
 * The exception procedure: the service desk operators, the requests, their attachments, history, proof-of-work
 * challenges and follow tokens.
 * Timestamps and dates are ISO-8601 strings (see ../schema.ts).
 */

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

/** The tables of this area, by name: `Database` (../schema.ts) extends it. */
export interface ExceptionTables {
  operator: OperatorTable;
  exception_request: ExceptionRequestTable;
  exception_attachment: ExceptionAttachmentTable;
  exception_history: ExceptionHistoryTable;
  exception_challenge: ExceptionChallengeTable;
  exception_follow_token: ExceptionFollowTokenTable;
}
