/** The exception procedure's values and API shapes (src/http/routes/exception-schemas.ts). */
import type { Answer } from '../api.ts';

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

/** The answers of the exception procedure's routes, from the generated API types (`npm run api:types`). */
export type Submitted = Answer<'/api/v1/enterprises/{en}/exception-requests', 'post'>;
export type OwnView = Answer<'/api/v1/exception-requests/follow'>;

export type Warning = 'near' | 'past' | null;

export type QueueItem = Answer<'/api/v1/service-desk/exception-requests'>['items'][number];
/**
 * The requester block is the submission as stored, a free object in the schema (older requests
 * lack newer fields): this is the part the desk page reads.
 */
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
export type RequestPage = Omit<Answer<'/api/v1/service-desk/exception-requests/{id}/views', 'post'>, 'requester'> & {
  requester: RequesterData;
};
export type SessionView = Answer<'/api/v1/session'>;

/**
 * The dictionary key of a request's reason. The answers carry the reason as a string (the stored
 * column is text; the schema's Reason union is for what a request may submit), so the one cast
 * from the API's string to the four reasons the dictionaries name is here.
 */
export const reasonKey = (reason: string) => `exception.reasons.${reason as Reason}` as const;
/** The same for the service desk's screens, worded for an operator (docs/translation.md). */
export const deskReasonKey = (reason: string) => `desk.reasons.${reason as Reason}` as const;
