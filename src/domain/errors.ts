/**
 * The one error type of the domain. Codes are namespaced and stable: integrators match on them,
 * and http/error-handler.ts maps each code to an HTTP status. The domain never knows HTTP.
 */
export type ErrorCode =
  | 'identifier.invalid_enterprise_number'
  | 'identifier.invalid_person_number'
  | 'identifier.invalid_establishment_number'
  | 'validation.invalid_input'
  | 'enterprise.not_found'
  | 'person.not_found'
  | 'catalogue.unknown_domain'
  | 'catalogue.unknown_service'
  | 'catalogue.unknown_role'
  | 'authentication.required'
  | 'authentication.invalid_token'
  | 'authentication.insufficient_assurance'
  | 'authorization.not_legal_representative'
  | 'authorization.not_main_access_manager'
  | 'authorization.not_manager'
  | 'authorization.not_domain_manager'
  | 'authorization.forbidden'
  | 'appointment.not_eligible'
  | 'appointment.not_found'
  | 'appointment.already_exists'
  | 'appointment.already_main'
  | 'appointment.end_date_in_past'
  | 'appointment.concurrent_change'
  | 'enterprise.stopped'
  | 'grant.not_found'
  | 'grant.already_exists'
  | 'grant.invalid_period'
  | 'grant.start_in_past'
  | 'invitation.not_found'
  | 'invitation.expired'
  | 'invitation.already_used'
  | 'invitation.email_mismatch'
  | 'import.invalid_file'
  | 'import.invalid_line'
  | 'import.no_lines'
  | 'config.invalid'
  | 'conflict'
  | 'not_found'
  | 'request.cross_site'
  | 'attachment.link_invalid'
  | (string & {}); // later modules add their own codes; the error handler falls back by namespace

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, details: Record<string, unknown> = {}, message?: string) {
    super(message ?? code);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
