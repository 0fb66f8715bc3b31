/**
 * Access requests (issue 18, section 1): who may ask, who may decide, what a request's state is
 * at an instant, and what a message may hold. Pure: the use cases in src/app/access-requests/
 * load the facts and call these.
 */
import type { Actor } from './actor.ts';
import { type Action, type EnterpriseRole, permissions, type RoleFacts, rolesOf } from './authorize.ts';
import { DomainError } from './errors.ts';

export type RequestKind = 'service' | 'access_manager';
export type RequestStatus = 'open' | 'approved' | 'refused' | 'withdrawn' | 'expired';

/** A message and a refusal reason: long enough to explain, short enough for a mail. */
export const MESSAGE_MAX = 1000;
export const REASON_MAX = 500;

/**
 * The power a decision on a request needs: the same action (and domain) as doing it directly.
 * A service of domain D is granted by D's access managers, the main and co-mains ('grant.manage'
 * scoped to D); an access manager of D is appointed by the main or a co-main.
 */
export function decisionPower(r: { kind: RequestKind; domain: string }): { action: Action; domain?: string } {
  return r.kind === 'service' ? { action: 'grant.manage', domain: r.domain } : { action: 'domain_manager.appoint' };
}

/** Whether these facts give the role that decides the request (the inbox shows only those). */
export function canDecide(facts: RoleFacts, r: { kind: RequestKind; domain: string }): EnterpriseRole | undefined {
  const { action, domain } = decisionPower(r);
  return rolesOf(facts, domain).find((role) => permissions[action].roles.includes(role));
}

/**
 * Anyone logged in with a national or BIS number may ask an enterprise that exists and has not
 * stopped (a stopped one has nobody left to grant anything). No role at the enterprise is needed:
 * that is the point of asking.
 */
export function authorizeAsking(actor: Actor, facts: Pick<RoleFacts, 'enterpriseExists' | 'enterpriseActive'>): void {
  if (!actor.personNumber) throw new DomainError('authorization.forbidden', { reason: 'no_person_number' });
  if (!facts.enterpriseExists) throw new DomainError('enterprise.not_found', {});
  if (!facts.enterpriseActive) throw new DomainError('enterprise.stopped', {});
}

/** The state at `now`: an open request past its expiry is expired, whether or not a job has said so. */
export function effectiveStatus(r: { status: RequestStatus; expires_at: string }, now: string): RequestStatus {
  return r.status === 'open' && r.expires_at <= now ? 'expired' : r.status;
}

/** Why a request can no longer be decided or withdrawn, or null when it is open at `now`. */
export function closedReason(r: { status: RequestStatus; expires_at: string }, now: string): string | null {
  const s = effectiveStatus(r, now);
  return s === 'open' ? null : s;
}

// Controls (but line breaks and tabs), format characters (bidirectional overrides, zero-width),
// lone surrogates and private-use characters: a message is read by a person in a mail and a page.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/u;

/**
 * A free text after normalisation (NFC, line breaks as \n, trimmed): printable and bounded, else
 * a refusal naming the field. `required` refuses the empty text.
 */
export function normaliseText(input: unknown, field: string, max: number, required: boolean): string | null {
  if (input === undefined || input === null) {
    if (required) throw new DomainError('validation.invalid_input', { field, reason: 'required' });
    return null;
  }
  if (typeof input !== 'string') throw new DomainError('validation.invalid_input', { field, reason: 'not text' });
  const text = input.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (!text) {
    if (required) throw new DomainError('validation.invalid_input', { field, reason: 'required' });
    return null;
  }
  if ([...text].length > max) {
    throw new DomainError('validation.invalid_input', { field, reason: `at most ${max} characters`, max });
  }
  if (UNPRINTABLE.test(text.replace(/[\n\t]/g, ''))) {
    throw new DomainError('validation.invalid_input', { field, reason: 'holds characters that cannot be shown' });
  }
  return text;
}
