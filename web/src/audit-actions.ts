/**
 * Every action the history can show and every role it is recorded under (issue 16, item 6).
 * test/audit-phrases.test.ts reads the use cases and fails when one records an action missing
 * here; the English dictionary is typed by this list, so a phrase cannot be missing either.
 */
export const AUDIT_ACTIONS = [
  'main_access_manager.appointed',
  'main_access_manager.replaced',
  'main_access_manager.removed',
  'main_access_manager.contact_updated',
  'co_main_access_manager.appointed',
  'co_main_access_manager.removed',
  'access_manager.appointed',
  'access_manager.removed',
  'grant.created',
  'grant.bulk_created',
  'grant.end_changed',
  'grant.establishments_changed',
  'grant.revoked',
  'grant.flagged_unused',
  'grant.ended_unused',
  'invitation.expired',
  'invitation.created',
  'invitation.accepted',
  'invitation.lapsed',
  'invitation.resent',
  'invitation.revoked',
  'mandate.proposed',
  'mandate.accepted',
  'mandate.rejected',
  'mandate.ended',
  'mandate.lapsed',
  'client_manager.appointed',
  'client_manager.removed',
  'managers.looked_up',
  'ending_soon.looked_up',
  'exception_request.submitted',
  'exception_request.code_sent',
  'exception_request.viewed',
  'exception_request.attachment_viewed',
  'exception_request.info_requested',
  'exception_request.answered',
  'exception_request.documents_added',
  'exception_request.approval_proposed',
  'exception_request.approved',
  'access_request.created',
  'access_request.approved',
  'access_request.refused',
  'access_request.withdrawn',
  'access_request.expired',
  'system.registered',
  'system.updated',
  'system.ended',
  'system_user.created',
  'system_user.granted',
  'system_user.revoked',
  'system_user.ended',
  'system_user_request.sent',
  'system_user_request.approved',
  'system_user_request.refused',
  'system_user_request.withdrawn',
  'system_user_request.expired',
  'exception_request.rejected',
  'person_link.proposed',
  'person_link.rejected',
  'person_link.linked',
  'person.linked',
  'foreign_enterprise.proposed',
  'foreign_enterprise.registered',
  'foreign_enterprise.rejected',
  'foreign_enterprise.link_proposed',
  'foreign_enterprise.link_rejected',
  'foreign_enterprise.linked',
  'foreign_enterprise.renewal_proposed',
  'foreign_enterprise.renewal_rejected',
  'foreign_enterprise.representative_renewed',
  'operator.added',
  'operator.removed',
  'retention.applied',
  'register.enterprise_stopped',
  'register.appointment_ineligible',
  'register.review_resolved',
  'register.appointment_suspended',
  'register.appointment_confirmed',
  'register.appointment_ended',
  'register.appointment_restored',
  'register.import_held',
  'register.import_confirmed',
  'appointment.reported',
  'appointment.report_restored',
  'appointment.report_upheld',
  'security.login',
  'security.login_failed',
  'security.step_up',
  'security.logout',
  'security.logout_all',
  'security.refused',
  'security.client_token_issued',
  'security.client_credentials_refused',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** 'a.b' → 'a/b': i18next reads dots as nesting, so the dictionaries key actions with slashes. */
type Slashed<S extends string> = S extends `${infer A}.${infer B}` ? `${A}/${Slashed<B>}` : S;
export type AuditActionKey = Slashed<AuditAction>;

/** Roles as recorded, alone or prefixed by the side of a mandate the actor acted for. */
export const AUDIT_ROLES = [
  'legal_representative',
  'main',
  'co_main',
  'domain',
  'client',
  'user',
  'invitee',
  'service_desk',
  'requester',
  'operator',
  'administrator',
  'mandatary:main',
  'mandatary:co_main',
  'mandatary:legal_representative',
  'mandatary:client',
  'mandator:main',
  'mandator:co_main',
  'mandator:legal_representative',
  // a vendor's manager, in the customer's history of a request it sent or withdrew
  'vendor:main',
  'vendor:co_main',
  // a customer's manager, in the vendor's history of a request their decision found expired
  'customer:main',
  'customer:co_main',
  'customer:domain',
] as const;

export type AuditRole =
  | 'legal_representative'
  | 'main'
  | 'co_main'
  | 'domain'
  | 'client'
  | 'user'
  | 'invitee'
  | 'service_desk'
  | 'requester'
  | 'operator'
  | 'administrator';
export type MandateSideKey = 'mandatary' | 'mandator';
/** Whom the actor acted for, when not the enterprise whose history it is: a mandate's side, a vendor. */
export type AuditSideKey = MandateSideKey | 'vendor' | 'customer';

export function auditRoleParts(recorded: string): { side: AuditSideKey | null; role: string } {
  const [a, b] = recorded.split(':');
  if (b !== undefined && (a === 'mandatary' || a === 'mandator' || a === 'vendor' || a === 'customer'))
    return { side: a, role: b };
  return { side: null, role: recorded };
}
