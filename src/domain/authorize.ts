/**
 * The one authorization decision of the management API: pure, over permission tables declared
 * as constants. Every use case calls authorize() before it touches anything.
 */
import { type Actor, type Loa, loaAtLeast } from './actor.ts';

export type EnterpriseRole = 'legal_representative' | 'main' | 'co_main' | 'domain';

/** What the registers and the active appointments say about one person at one enterprise, now. */
export interface RoleFacts {
  enterpriseExists: boolean;
  enterpriseActive: boolean;
  isLegalRepresentative: boolean;
  isMain: boolean;
  isCoMain: boolean;
  /** domains in which the person is an access manager */
  managedDomains: string[];
}

export type Action =
  | 'main.appoint'
  | 'main.remove'
  | 'co_main.appoint'
  | 'co_main.remove'
  | 'domain_manager.appoint'
  | 'domain_manager.remove'
  | 'grant.manage'
  | 'grant.read'
  | 'managers.read'
  | 'register_review.decide'
  | 'management_tree.read'
  | 'appointment.report'
  | 'audit.read'
  | 'system.register';

interface Permission {
  roles: EnterpriseRole[];
  loa: Loa;
  /** refused code when the actor holds none of the roles */
  denied: string;
  /** reads stay possible on a stopped enterprise (its history must remain visible) */
  isRead?: boolean;
}

const MANAGERS: EnterpriseRole[] = ['main', 'co_main', 'domain'];

export const permissions: Record<Action, Permission> = {
  'main.appoint': { roles: ['legal_representative'], loa: 'high', denied: 'authorization.not_legal_representative' },
  'main.remove': { roles: ['legal_representative'], loa: 'high', denied: 'authorization.not_legal_representative' },
  'co_main.appoint': { roles: ['main'], loa: 'substantial', denied: 'authorization.not_main_access_manager' },
  'co_main.remove': { roles: ['main'], loa: 'substantial', denied: 'authorization.not_main_access_manager' },
  'domain_manager.appoint': { roles: ['main', 'co_main'], loa: 'substantial', denied: 'authorization.not_manager' },
  'domain_manager.remove': { roles: ['main', 'co_main'], loa: 'substantial', denied: 'authorization.not_manager' },
  'grant.manage': { roles: MANAGERS, loa: 'substantial', denied: 'authorization.not_domain_manager' },
  'grant.read': { roles: MANAGERS, loa: 'substantial', denied: 'authorization.not_domain_manager', isRead: true },
  'managers.read': {
    roles: ['legal_representative', ...MANAGERS],
    loa: 'substantial',
    denied: 'authorization.forbidden',
    isRead: true,
  },
  // confirm, end or restore a main/co-main the registers no longer back (issue 17)
  'register_review.decide': {
    roles: ['legal_representative'],
    loa: 'high',
    denied: 'authorization.not_legal_representative',
  },
  // "who manages us?" (issue 17, section 2): the whole tree, as the audit log, for the legal
  // representatives and the main/co-main, who see all of it already; a domain access manager does not
  'management_tree.read': {
    roles: ['legal_representative', 'main', 'co_main'],
    loa: 'substantial',
    denied: 'authorization.forbidden',
    isRead: true,
  },
  // "this was not us": it can suspend an exception-procedure main appointment, so LR and high
  'appointment.report': {
    roles: ['legal_representative'],
    loa: 'high',
    denied: 'authorization.not_legal_representative',
  },
  'audit.read': {
    roles: ['legal_representative', 'main', 'co_main'],
    loa: 'substantial',
    denied: 'authorization.forbidden',
    isRead: true,
  },
  // A vendor's system speaks for the vendor enterprise to every customer: its main and co-main
  // register it, as they alone appoint the people who speak for it (issue 18, section 2).
  'system.register': { roles: ['main', 'co_main'], loa: 'substantial', denied: 'authorization.not_manager' },
};

/**
 * Levels of actors whose power is not one of the enterprise roles above, checked where those
 * actors are found: listed here so that docs/assurance-levels.md shows every action (issue 13).
 */
export const otherActorLevels = {
  clientGrant: {
    action: 'mandate.grant',
    actor: "client manager under a mandate (or the mandatary's main/co-main)",
    loa: 'substantial',
  },
  operator: { action: 'desk.*', actor: 'service desk operator', loa: 'substantial' },
  // Asking needs no role at the enterprise; approving and refusing need the power of doing it
  // directly ('grant.manage' of the domain, 'domain_manager.appoint'), checked at that moment.
  requester: { action: 'access_request.create', actor: 'any logged-in person (asks; issue 18)', loa: 'low' },
} as const satisfies Record<string, { action: string; actor: string; loa: Loa }>;

export type Decision =
  | { allowed: true; role: EnterpriseRole }
  | { allowed: false; code: string; details: Record<string, unknown> };

/** The roles the facts give, strongest first: the one an action is done "as" is the first that fits. */
export function rolesOf(facts: RoleFacts, domain?: string): EnterpriseRole[] {
  const roles: EnterpriseRole[] = [];
  if (facts.isLegalRepresentative && facts.enterpriseActive) roles.push('legal_representative');
  if (facts.isMain) roles.push('main');
  if (facts.isCoMain) roles.push('co_main');
  if (domain === undefined ? facts.managedDomains.length > 0 : facts.managedDomains.includes(domain)) {
    roles.push('domain');
  }
  return roles;
}

/**
 * `domain` scopes the 'domain' role: an access manager of Finance holds it for Finance only.
 * Order: enterprise stopped (writes), then role, then assurance level, so a person with the right
 * role but a weak login learns which level to step up to, and a stranger learns nothing more.
 */
export function authorize(actor: Actor, action: Action, facts: RoleFacts, domain?: string): Decision {
  const p = permissions[action];
  if (!actor.personNumber)
    return { allowed: false, code: 'authorization.forbidden', details: { reason: 'no_person_number' } };
  if (!facts.enterpriseExists) return { allowed: false, code: 'enterprise.not_found', details: {} };
  const role = rolesOf(facts, domain).find((r) => p.roles.includes(r));
  if (!role) {
    if (!facts.enterpriseActive && !p.isRead) return { allowed: false, code: 'enterprise.stopped', details: {} };
    return { allowed: false, code: p.denied, details: { action } };
  }
  if (!facts.enterpriseActive && !p.isRead) return { allowed: false, code: 'enterprise.stopped', details: {} };
  if (!loaAtLeast(actor.loa, p.loa)) {
    return {
      allowed: false,
      code: 'authentication.insufficient_assurance',
      details: { needed: p.loa, current: actor.loa },
    };
  }
  return { allowed: true, role };
}
