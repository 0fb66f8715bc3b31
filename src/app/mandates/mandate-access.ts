/**
 * What the check API needs from mandates: the answer of a check through a mandate (with the
 * reason of a no). The grants and their chains are read in mandate-grants.ts, the register
 * conditions are in mandate-works.ts, the clients list and resource search's pairs in
 * mandate-clients.ts.
 *
 * Every read checks the mandate itself (status, start, end), the registers (both enterprises
 * active, the person still employed by or representing B), and the grant: ending a mandate,
 * leaving the office or the office stopping denies at once, whatever job has or has not run.
 */
import type { DbHandle, Queryable } from '../../infra/db/database.ts';
import { ACTIVE_STATUS, isoDate } from '../../ports.ts';
import type { CheckIndex } from '../check-index.ts';
import type { MandateGrantState } from '../check-store.ts';
import type { ChainLink } from '../shared/chain.ts';
import { mandateGrantsFor, preparedMandateRows } from './mandate-grants.ts';

/**
 * Which of the person's ties to the office the registers ended last, read on the deny path only:
 * the legal function (the register no longer lists them as its representative) or the employment.
 */
async function lostTieTo(
  q: Queryable,
  person: string,
  office: string,
  day: string,
): Promise<'employment_ended' | 'lr_function_ended'> {
  const lastEnd = (table: 'employment' | 'legal_function') =>
    q
      .selectFrom(table)
      .select('end_date')
      .where('enterprise_number', '=', office)
      .where('person_number', '=', person)
      .where('end_date', '<', day)
      .orderBy('end_date', 'desc')
      .limit(1)
      .executeTakeFirst();
  const [employment, fn] = await Promise.all([lastEnd('employment'), lastEnd('legal_function')]);
  return fn?.end_date && (!employment?.end_date || fn.end_date > employment.end_date)
    ? 'lr_function_ended'
    : 'employment_ended';
}
/**
 * The check API's mandate source (CheckDeps.mandates): the first grant under a mandate in force
 * that answers the question, with its chain. Read fresh every time, so ending a mandate, leaving
 * the office or the office stopping denies on the very next check on any node; the appointments
 * the chain walks come from the check index's cache when one is given.
 */
export function mandateLookup(
  q: Queryable,
  index?: Pick<
    CheckIndex,
    'appointmentsOf' | 'store' | 'mayHoldMandateGrant' | 'mandateAnswer' | 'mandateGeneration' | 'keepMandateAnswer'
  >,
  handle?: DbHandle,
) {
  const appointmentsOf = index ? (e: string) => index.appointmentsOf(e) : undefined;
  const rows = handle ? preparedMandateRows(q, handle) : undefined;
  const lookup = async (person: string, enterprise: string, service: string, role: string, now: Date) => {
    const grants = await mandateGrantsFor(q, person, enterprise, service, now, { appointmentsOf, rows });
    const g = grants.find((x) => role === '' || x.role === role);
    // null: the mandate works, only not for this role (no mandate reason to give)
    if (!g) return grants.length > 0 ? null : undefined;
    const cm = g.chain[1];
    return {
      validUntil: g.validUntil,
      capacity: g.capacity,
      chain: g.chain,
      admin: `granted ${g.service}${g.role ? ` role ${g.role}` : ''} at ${enterprise} under mandate ${g.mandate}${g.capacity ? ` (capacity ${g.capacity})` : ''} to ${g.mandatary}, by ${cm?.role ?? '?'} ${cm?.person ?? '?'}${g.validUntil ? `, until ${g.validUntil}` : ''}`,
    };
  };
  if (!index)
    return async (person: string, enterprise: string, service: string, role: string, now: Date) =>
      (await lookup(person, enterprise, service, role, now)) ?? undefined;
  // The gate (issue 20): one indexed probe, synchronous on SQLite, finds the person's grant of this
  // service there under a mandate; only a live one runs the full query (mandate in force, both
  // enterprises active, still staff of the office, the chain). Most checks that get here are a
  // "no" of someone without mandates: they stop at the probe. A grant that no longer works gives
  // the reason of the no (issue 14). Before the probe, the index's set of persons who ever held a
  // grant under a mandate (preloaded, kept current by its refresh): everybody else reads nothing.
  return (
    person: string,
    enterprise: string,
    service: string,
    role: string,
    now: Date,
  ): MandateResult | Promise<MandateResult> => {
    if (!index.mayHoldMandateGrant(person, enterprise, service)) return undefined;
    // A yes already found, while nothing it depends on has changed (issue 20; CheckIndex.mandateAnswer):
    // no statement, no Promise.
    const key = `${person}|${enterprise}|${service}|${role}`;
    const nowMs = now.getTime();
    const hit = index.mandateAnswer<MandateResult>(key, nowMs);
    if (hit !== undefined) return hit;
    const gen = index.mandateGeneration();
    const state = index.store.mandateGrantState(person, enterprise, service);
    const go = (s: MandateGrantState | undefined): MandateResult | Promise<MandateResult> => {
      if (!s) return undefined;
      if (s.revoked_at !== null) return refusalOf(q, index, person, s, enterprise, service, now);
      return lookup(person, enterprise, service, role, now).then((m) => {
        if (m === null) return undefined;
        if (m === undefined) return refusalOf(q, index, person, s, enterprise, service, now);
        const answer = { chain: m.chain, admin: m.admin, capacity: m.capacity };
        index.keepMandateAnswer(key, answer, holdsUntil(m.validUntil, m.chain, nowMs), gen);
        return answer;
      });
    };
    return state instanceof Promise ? state.then(go) : go(state);
  };
}

/**
 * Until when a yes under a mandate holds if nothing is written: the grant's end, the end of every
 * link of its chain (the mandate's among them), and the next whole UTC hour, since employments and
 * legal functions are dated by the Belgian day, which changes on a whole UTC hour.
 */
function holdsUntil(validUntil: string | null, chain: ChainLink[], nowMs: number): number {
  let until = Math.ceil((nowMs + 1) / 3_600_000) * 3_600_000;
  for (const end of [validUntil, ...chain.map((l) => l.validUntil ?? null)])
    if (end !== null) until = Math.min(until, Date.parse(end));
  return until;
}

export type MandateResult =
  | { chain: ChainLink[]; admin: string; capacity: string | null }
  | { reason: MandateReason; admin: string }
  | undefined;
export type MandateReason =
  | 'mandate_ended'
  | 'mandate_not_accepted'
  | 'employment_ended'
  | 'lr_function_ended'
  | 'enterprise_stopped'
  | 'revoked'
  | 'expired'
  | 'not_yet_valid';

/** Why a grant under a mandate does not work now, from its row and its mandate's. */
function refusalOf(
  q: Queryable,
  index: Pick<CheckIndex, 'store'>,
  person: string,
  s: MandateGrantState,
  enterprise: string,
  service: string,
  now: Date,
): MandateResult | Promise<MandateResult> {
  const iso = now.toISOString();
  const what = `grant of ${service} at ${enterprise} under a mandate to ${s.mandatary}`;
  if (s.revoked_by === 'system:mandate_ended' || s.m_status === 'ended' || (s.m_until !== null && s.m_until <= iso)) {
    return { reason: 'mandate_ended', admin: `${what}: the mandate has ended` };
  }
  if (s.m_status !== 'active')
    return { reason: 'mandate_not_accepted', admin: `${what}: the mandate is ${s.m_status}, not accepted` };
  if (s.revoked_at !== null) return { reason: 'revoked', admin: `${what} was revoked at ${s.revoked_at}` };
  if (s.valid_until !== null && s.valid_until <= iso)
    return { reason: 'expired', admin: `${what} ran out at ${s.valid_until}` };
  if (s.valid_from > iso || s.m_from > iso)
    return { reason: 'not_yet_valid', admin: `${what} starts at ${[s.valid_from, s.m_from].sort()[1]}` };
  // The grant and the mandate hold: the office stopped, or the person is no longer its staff.
  const status = index.store.status(s.mandatary);
  const decide = async (st: string | null): Promise<MandateResult> => {
    if (st !== ACTIVE_STATUS) {
      return {
        reason: 'enterprise_stopped',
        admin: `${what}: the office ${s.mandatary} is not active in the register`,
      };
    }
    if ((await lostTieTo(q, person, s.mandatary, isoDate(now))) === 'lr_function_ended') {
      const admin = `${what}: the function register no longer lists the person as a legal representative of ${s.mandatary}, nor do they work for it`;
      return { reason: 'lr_function_ended', admin };
    }
    return {
      reason: 'employment_ended',
      admin: `${what}: the person no longer works for or represents ${s.mandatary}`,
    };
  };
  return status instanceof Promise ? status.then(decide) : decide(status);
}
