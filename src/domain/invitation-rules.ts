/**
 * Who may accept an invitation, and whether it still stands (issue 13, findings 3 and 8). An
 * invitation link is not a bearer credential: the person accepting must be the one meant.
 */
import type { Actor } from './actor.ts';
import { permissions, type RoleFacts, rolesOf } from './authorize.ts';

export interface InvitationBinding {
  /** the national or BIS number the inviter gave, if any */
  person_number: string | null;
  /** the invited address, lower-case */
  email: string;
}

/**
 * Null when `actor` is the invitee: the person the inviter named by number, or else a person
 * whose identity provider verified the invited address. Otherwise the refusal code.
 */
export function inviteeRefusal(inv: InvitationBinding, actor: Actor): string | null {
  if (inv.person_number) return actor.personNumber === inv.person_number ? null : 'invitation.person_mismatch';
  if (!actor.email || actor.emailVerified !== true) return 'invitation.email_unverified';
  return actor.email.trim().toLowerCase() === inv.email.toLowerCase() ? null : 'invitation.email_mismatch';
}

export type InvitationLapse = 'enterprise_stopped' | 'inviter_lost_power';

/**
 * Does the inviter still hold the power to grant in the invitation's domain (convention 11)?
 * Their appointment may have ended or been replaced, their domain changed, the enterprise stopped.
 */
export function invitationLapse(inviterFacts: RoleFacts, domain: string): InvitationLapse | null {
  if (!inviterFacts.enterpriseExists || !inviterFacts.enterpriseActive) return 'enterprise_stopped';
  const roles = permissions['grant.manage'].roles;
  return rolesOf(inviterFacts, domain).some((r) => roles.includes(r)) ? null : 'inviter_lost_power';
}
