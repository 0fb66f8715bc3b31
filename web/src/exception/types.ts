/** The shapes of the exception procedure's API (src/http/routes/exception-schemas.ts), as the UI reads them. */
export const REASONS = ['no_eid', 'not_in_register', 'foreign_enterprise', 'other'] as const;
export type Reason = (typeof REASONS)[number];
/** the three documents a request needs; `other` is for anything added later */
export const DOCUMENT_KINDS = ['signed_form', 'identity_document', 'proof_of_representation'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number] | 'other';
export const ID_TYPES = ['passport', 'id_card', 'residence_permit', 'other'] as const;
export const STATUSES = [
  'submitted',
  'info_requested',
  'answered',
  'pending_confirmation',
  'approved',
  'rejected',
] as const;
export type Status = (typeof STATUSES)[number];

export interface Challenge {
  challenge: string;
  difficulty: number;
  expiresAt: string;
}

export interface Submitted {
  reference: string;
  status: string;
  submittedAt: string;
  targetDate: string;
}

export interface OwnView {
  reference: string;
  status: Status;
  enterprise: string;
  enterpriseName: string;
  reason: Reason;
  submittedAt: string;
  targetDate: string;
  proposed: { name: string };
  decisionReason: string | null;
  history: { at: string; action: string; by: string; message: string | null }[];
  attachments: { kind: string; filename: string; size: number; uploadedAt: string }[];
}

export type Warning = 'near' | 'past' | null;

export interface QueueItem {
  id: string;
  reference: string;
  enterprise: string;
  enterpriseName: string | null;
  status: Status;
  reason: Reason;
  submittedAt: string;
  updatedAt: string;
  targetDate: string;
  workingDaysLeft: number | null;
  warning: Warning;
  duplicates: number;
  approvedBy: string | null;
}

export interface RequesterData {
  familyName?: string;
  givenName?: string;
  personNumber?: string | null;
  idDocument?: { type: string; number: string; issuingCountry: string; expiry: string } | null;
  capacity?: string;
  email?: string;
  phone?: string | null;
  language?: string;
}

export interface RequestPage {
  id: string;
  reference: string;
  status: Status;
  reason: Reason;
  reasonText: string | null;
  submittedAt: string;
  updatedAt: string;
  targetDate: string;
  workingDaysLeft: number | null;
  warning: Warning;
  submittedBy: string | null;
  requester: RequesterData;
  proposed: { person: string; familyName: string; givenName: string; email: string; phone: string };
  decision: {
    approvedBy: string | null;
    approvedAt: string | null;
    overrideReason: string | null;
    confirmedBy: string | null;
    decidedBy: string | null;
    decidedAt: string | null;
    reason: string | null;
    appointment: string | null;
  };
  attachments: {
    id: string;
    kind: string;
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    uploadedAt: string;
    url: string;
  }[];
  missingDocuments: string[];
  register: {
    enterprise: string;
    found: boolean;
    status: string | null;
    isStopped: boolean | null;
    startDate: string | null;
    names: { name: string; language: string; type: string }[];
    functions: {
      person: string;
      name: string | null;
      functionCode: string;
      startDate: string;
      endDate: string | null;
      isCurrent: boolean;
    }[];
    currentMain: { person: string; procedure: string; since: string } | null;
  };
  otherRequests: {
    id: string;
    reference: string;
    status: Status;
    reason: Reason;
    submittedAt: string;
    proposedPerson: string;
    isDuplicate: boolean;
  }[];
  history: {
    at: string;
    actor: string | null;
    role: string;
    action: string;
    message: string | null;
    details: unknown;
  }[];
}

export interface SessionView {
  personNumber: string | null;
  foreignId: string | null;
  familyName: string | null;
  givenName: string | null;
  email: string | null;
  exceptionProcedure: boolean;
}
