/**
 * The rules of mandates between enterprises, pure: who may propose, accept, reject or end one on
 * each side, how long one may run, and what it covers. Use cases load the facts and call these.
 */
import { type Actor, type Loa, loaAtLeast } from './actor.ts';
import { type Decision, type EnterpriseRole, type RoleFacts, rolesOf } from './authorize.ts';
import { CAPACITIES, type Capacity, isCapacity } from './capacities.ts';
import type { Catalogue } from './catalogue.ts';
import { DomainError } from './errors.ts';
import { termLatest } from './term-limits.ts';

export type MandateSide = 'mandator' | 'mandatary';
export type MandateStatus = 'proposed' | 'active' | 'rejected' | 'ended' | 'lapsed';
export type MandateAction =
  | 'propose'
  | 'accept'
  | 'reject'
  | 'end'
  | 'read'
  | 'client_manager.appoint'
  | 'client_manager.remove';

/** Binding an enterprise towards another is the LR's or the main/co-main access manager's call. */
const SIGNERS: EnterpriseRole[] = ['legal_representative', 'main', 'co_main'];

export interface MandateRule {
  roles: EnterpriseRole[];
  sides: MandateSide[];
  /** the assurance level every role needs for the action */
  loa: Loa;
  isRead?: boolean;
}

/**
 * A mandate lets another enterprise act for this one: binding it (proposing, accepting, refusing,
 * ending) is at least as strong as appointing the main access manager, so it needs *high* on both
 * sides (issue 13, finding 2). Working under a mandate that exists stays at *substantial*.
 */
export const mandateRules: Record<MandateAction, MandateRule> = {
  propose: { roles: SIGNERS, sides: ['mandator', 'mandatary'], loa: 'high' },
  accept: { roles: SIGNERS, sides: ['mandator', 'mandatary'], loa: 'high' },
  reject: { roles: SIGNERS, sides: ['mandator', 'mandatary'], loa: 'high' },
  end: { roles: SIGNERS, sides: ['mandator', 'mandatary'], loa: 'high' },
  read: {
    roles: ['legal_representative', 'main', 'co_main', 'domain'],
    sides: ['mandator', 'mandatary'],
    loa: 'substantial',
    isRead: true,
  },
  // Onward delegation happens inside the mandatary only, like co-mains and access managers.
  'client_manager.appoint': { roles: ['main', 'co_main'], sides: ['mandatary'], loa: 'substantial' },
  'client_manager.remove': { roles: ['main', 'co_main'], sides: ['mandatary'], loa: 'substantial' },
};

export interface MandateState {
  status: MandateStatus;
  proposedBySide: MandateSide;
}

/**
 * May this actor, holding `facts` at the enterprise of `side`, do `action` on a mandate in
 * `state` (absent when proposing)? Same order as authorize(): enterprise, role, state, level.
 */
export function authorizeMandate(
  actor: Actor,
  action: MandateAction,
  side: MandateSide,
  facts: RoleFacts,
  state?: MandateState,
): Decision {
  const rule = mandateRules[action];
  if (!actor.personNumber) return deny('authorization.forbidden', { reason: 'no_person_number' });
  if (!facts.enterpriseExists) return deny('enterprise.not_found', {});
  if (!rule.sides.includes(side)) return deny('mandate.wrong_side', { action, side });
  const role = rolesOf(facts).find((r) => rule.roles.includes(r));
  if (!role) {
    if (!facts.enterpriseActive && !rule.isRead) return deny('enterprise.stopped', {});
    return deny(
      rule.isRead
        ? 'authorization.forbidden'
        : rule.roles.includes('legal_representative')
          ? 'authorization.not_signatory'
          : 'authorization.not_main_access_manager',
      { action },
    );
  }
  if (!facts.enterpriseActive && !rule.isRead) return deny('enterprise.stopped', {});
  if (state) {
    const refused = stateRefusal(action, side, state);
    if (refused) return refused;
  }
  if (!loaAtLeast(actor.loa, rule.loa)) {
    return deny('authentication.insufficient_assurance', { needed: rule.loa, current: actor.loa });
  }
  return { allowed: true, role };
}

export type LapseReason = 'enterprise_stopped' | 'proposer_lost_power';

/**
 * Does the person who proposed a mandate still hold the power to propose it, now that the other
 * side accepts (issue 13, finding 3; convention 11)? Their function may have ended in the
 * register, their appointment been ended or replaced, their enterprise stopped. The level of
 * their login is not asked again: they are not the one acting.
 */
export function proposalLapse(proposerFacts: RoleFacts): LapseReason | null {
  if (!proposerFacts.enterpriseExists || !proposerFacts.enterpriseActive) return 'enterprise_stopped';
  const roles = mandateRules.propose.roles;
  return rolesOf(proposerFacts).some((r) => roles.includes(r)) ? null : 'proposer_lost_power';
}

function stateRefusal(action: MandateAction, side: MandateSide, s: MandateState): Decision | undefined {
  switch (action) {
    case 'accept':
    case 'reject':
      if (s.status !== 'proposed') return deny('mandate.not_proposed', { mandateStatus: s.status });
      // Two-sided: the side that proposed cannot also be the side that agrees.
      if (s.proposedBySide === side) return deny('mandate.own_proposal', { side });
      return undefined;
    case 'end':
      // A proposal is withdrawn (by its side) or refused (by the other) by ending it too.
      return s.status === 'proposed' || s.status === 'active'
        ? undefined
        : deny('mandate.closed', { mandateStatus: s.status });
    case 'client_manager.appoint':
      return s.status === 'active' ? undefined : deny('mandate.not_active', { mandateStatus: s.status });
    default:
      return undefined;
  }
}

function deny(code: string, details: Record<string, unknown>): Decision {
  return { allowed: false, code, details };
}

export interface ScopeItem {
  domain: string;
  /** '' for the whole domain */
  service: string;
}

/**
 * Checks requested domains and services against the catalogue and normalises them: a service
 * whose whole domain is already covered is dropped, duplicates are merged.
 */
export function resolveScope(
  catalogue: Catalogue,
  domains: readonly string[] = [],
  services: readonly string[] = [],
): ScopeItem[] {
  const whole = new Set<string>();
  for (const d of domains) {
    if (!catalogue.domain(d)) throw new DomainError('catalogue.unknown_domain', { domain: d });
    whole.add(d);
  }
  const items: ScopeItem[] = [...whole].sort().map((domain) => ({ domain, service: '' }));
  const seen = new Set<string>();
  for (const code of services) {
    const s = catalogue.service(code);
    if (!s) throw new DomainError('catalogue.unknown_service', { service: code });
    if (whole.has(s.domain) || seen.has(code)) continue;
    seen.add(code);
    items.push({ domain: s.domain, service: code });
  }
  if (items.length === 0) throw new DomainError('mandate.empty_scope', { hint: 'give at least one domain or service' });
  return items;
}

export function scopeCovers(scope: readonly ScopeItem[], service: { code: string; domain: string }): boolean {
  return scope.some((i) => i.domain === service.domain && (i.service === '' || i.service === service.code));
}

export function scopeDomains(scope: readonly ScopeItem[]): string[] {
  return [...new Set(scope.map((i) => i.domain))].sort();
}

/**
 * The term of a mandate: at most the shortest `maxMandateMonths` of the domains it touches. An
 * absent end under such a limit becomes the limit (the office is told the date); an end beyond
 * it is refused rather than silently cut, so nobody believes a mandate runs longer than it does.
 */
export function mandateTerm(
  catalogue: Catalogue,
  scope: readonly ScopeItem[],
  validFrom: string,
  validUntil: string | null,
): { validUntil: string | null; maxMonths: number | null } {
  const limits = scopeDomains(scope)
    .map((d) => catalogue.domain(d)?.maxMandateMonths)
    .filter((m): m is number => m !== undefined);
  const maxMonths = limits.length ? Math.min(...limits) : null;
  if (validUntil !== null && validUntil <= validFrom) {
    throw new DomainError('mandate.invalid_period', { validFrom, validUntil });
  }
  if (maxMonths === null) return { validUntil, maxMonths };
  // a term ends with a Brussels day, as an end date a person picks does (src/domain/term-limits.ts)
  const latest = termLatest(new Date(validFrom), maxMonths).toISOString();
  if (validUntil === null) return { validUntil: latest, maxMonths };
  if (validUntil > latest) throw new DomainError('mandate.term_too_long', { maxMonths, latest, validUntil });
  return { validUntil, maxMonths };
}

/** In force: accepted, started, not past its end. Ending sets the status, so no job is needed. */
export function isMandateInForce(
  m: { status: string; valid_from: string; valid_until: string | null },
  now: string,
): boolean {
  return m.status === 'active' && m.valid_from <= now && (m.valid_until === null || m.valid_until > now);
}

/**
 * Issue 19, section 4: the capacity of the mandator a mandate is given for. Optional, one of the
 * closed list; required when the scope names a service that needs a capacity (catalogue
 * `capacities`), and then one of the capacities each such service needs, so that a mandate never
 * names a service it cannot carry. A whole domain in the scope requires none: its services that
 * need a capacity then work only if the mandate is for it (the check says mandate_capacity_missing).
 */
export function mandateCapacity(
  catalogue: Catalogue,
  scope: readonly ScopeItem[],
  capacity: string | undefined,
): Capacity | null {
  const given = capacity?.trim() || undefined;
  if (given !== undefined && !isCapacity(given))
    throw new DomainError('validation.invalid_input', {
      field: 'capacity',
      reason: `one of ${CAPACITIES.join(', ')}`,
    });
  for (const item of scope) {
    const needed = item.service === '' ? undefined : catalogue.service(item.service)?.capacities;
    if (needed === undefined || (given !== undefined && needed.includes(given))) continue;
    throw new DomainError('mandate.capacity_required', {
      field: 'capacity',
      service: item.service,
      capacities: needed,
    });
  }
  return given ?? null;
}

/**
 * Whether a mandate given for `capacity` carries a service that needs `needed` (catalogue
 * `capacities`): one of them, or the service needs none. The check, the resource search and
 * granting under a mandate ask the same.
 */
export function mandateCarries(needed: readonly string[] | undefined, capacity: string | null): boolean {
  return needed === undefined || (capacity !== null && needed.includes(capacity));
}
