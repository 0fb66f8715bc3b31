/**
 * What the check API and resource search need from mandates: the answer of a check through a
 * mandate (with the reason of a no), and the list of clients a person may act for, paginated.
 * The grants and their chains are read in mandate-grants.ts, the register conditions are in
 * mandate-works.ts.
 *
 * Every read checks the mandate itself (status, start, end), the registers (both enterprises
 * active, the person still employed by or representing B), and the grant: ending a mandate,
 * leaving the office or the office stopping denies at once, whatever job has or has not run.
 */
import type { DbHandle, Queryable } from '../../infra/db/database.ts';
import { ACTIVE_STATUS, isoDate } from '../../ports.ts';
import type { MandateResource } from '../check-access.ts';
import type { CheckIndex } from '../check-index.ts';
import {
  belgianDayOf,
  lostTie,
  mandateGrantStateInMemory,
  mandateGrantsInMemory,
  whenDone,
} from '../check-mandates.ts';
import type { MandateGrantState } from '../check-store.ts';
import type { ChainLink } from '../shared/chain.ts';
import { appointmentActiveAt, grantActiveAt } from '../shared/roles.ts';
import { namesOf } from './list-mandates.ts';
import { type MandateGrant, mandateGrantsFor, preparedMandateRows } from './mandate-grants.ts';
import { bothActive, isStaffOfMandatary } from './mandate-works.ts';
import { mandateInForceAt } from './shared.ts';

/**
 * Which of the person's ties to the office the registers ended last, read on the deny path only:
 * the legal function (the register no longer lists them as its representative) or the employment.
 */
type LostTie = 'employment_ended' | 'lr_function_ended';

async function lostTieTo(q: Queryable, person: string, office: string, day: string): Promise<LostTie> {
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

export interface Client {
  enterprise: string;
  name: string | null;
  /** services the person may use there, through mandates */
  services: string[];
  /** domains in which the person is a client manager there */
  managedDomains: string[];
  mandataries: string[];
  /** the mandates behind it, with the office's name, so a page can link to each (issue 16) */
  mandates: { id: string; mandatary: string; mandataryName: string | null; capacity: string | null }[];
}

/**
 * Every enterprise `person` may act for through a mandate at `now` (as a user or as a client
 * manager), ordered by enterprise number, paged by keyset: `cursor` is the last enterprise of the
 * previous page. Two index range scans (grants and appointments by person), merged.
 */
export async function clientsOf(
  q: Queryable,
  person: string,
  now: Date,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<{ items: Client[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(page.limit ?? 100, 1), 1000);
  const iso = now.toISOString();
  const day = isoDate(now);
  const after = page.cursor ?? '';
  const [viaGrants, viaManagers] = await Promise.all([
    q
      .selectFrom('access_grant')
      .innerJoin('mandate', 'mandate.id', 'access_grant.mandate_id')
      .select(['access_grant.enterprise_number as enterprise'])
      .distinct()
      .where('access_grant.person_number', '=', person)
      .where('access_grant.enterprise_number', '>', after)
      .where('access_grant.mandate_id', 'is not', null)
      .where(grantActiveAt(iso))
      .where(mandateInForceAt(iso))
      .where(bothActive)
      .where(isStaffOfMandatary(person, day))
      .orderBy('access_grant.enterprise_number')
      .limit(limit + 1)
      .execute(),
    q
      .selectFrom('appointment')
      .innerJoin('mandate', 'mandate.id', 'appointment.mandate_id')
      .select(['appointment.enterprise_number as enterprise'])
      .distinct()
      .where('appointment.person_number', '=', person)
      .where('appointment.enterprise_number', '>', after)
      .where('appointment.kind', '=', 'client')
      .where(appointmentActiveAt(iso))
      .where(mandateInForceAt(iso))
      .where(bothActive)
      .where(isStaffOfMandatary(person, day))
      .orderBy('appointment.enterprise_number')
      .limit(limit + 1)
      .execute(),
  ]);
  const merged = [...new Set([...viaGrants, ...viaManagers].map((r) => r.enterprise))].sort();
  const numbers = merged.slice(0, limit);
  if (!numbers.length) return { items: [], nextCursor: null };
  const lo = numbers[0]!;
  const hi = numbers[numbers.length - 1]!;
  const [grants, managers] = await Promise.all([
    q
      .selectFrom('access_grant')
      .innerJoin('mandate', 'mandate.id', 'access_grant.mandate_id')
      .select([
        'access_grant.enterprise_number',
        'access_grant.service',
        'mandate.mandatary_number',
        'mandate.id',
        'mandate.capacity',
      ])
      .where('access_grant.person_number', '=', person)
      .where('access_grant.enterprise_number', '>=', lo)
      .where('access_grant.enterprise_number', '<=', hi)
      .where(grantActiveAt(iso))
      .where(mandateInForceAt(iso))
      .execute(),
    q
      .selectFrom('appointment')
      .innerJoin('mandate', 'mandate.id', 'appointment.mandate_id')
      .select([
        'appointment.enterprise_number',
        'appointment.domain',
        'mandate.mandatary_number',
        'mandate.id',
        'mandate.capacity',
      ])
      .where('appointment.person_number', '=', person)
      .where('appointment.kind', '=', 'client')
      .where('appointment.enterprise_number', '>=', lo)
      .where('appointment.enterprise_number', '<=', hi)
      .where(appointmentActiveAt(iso))
      .where(mandateInForceAt(iso))
      .execute(),
  ]);
  const offices = [...new Set([...grants, ...managers].map((x) => x.mandatary_number))];
  const names = await namesOf(q, [...numbers, ...offices]);
  const items = numbers.map((en) => {
    const g = grants.filter((x) => x.enterprise_number === en);
    const m = managers.filter((x) => x.enterprise_number === en);
    return {
      enterprise: en,
      name: names.get(en) ?? null,
      services: [...new Set(g.map((x) => x.service))].sort(),
      managedDomains: [...new Set(m.map((x) => x.domain))].sort(),
      mandataries: [...new Set([...g, ...m].map((x) => x.mandatary_number))].sort(),
      mandates: [...new Map([...g, ...m].map((x) => [x.id, x])).values()]
        .sort((a, b) => a.mandatary_number.localeCompare(b.mandatary_number) || a.id.localeCompare(b.id))
        .map((x) => ({
          id: x.id,
          mandatary: x.mandatary_number,
          mandataryName: names.get(x.mandatary_number) ?? null,
          capacity: x.capacity,
        })),
    };
  });
  return { items, nextCursor: merged.length > limit ? numbers[numbers.length - 1]! : null };
}

/**
 * The check API's mandate source (CheckDeps.mandates): the first grant under a mandate in force
 * that answers the question, with its chain. With a preloaded check index (issue 20, session 9)
 * everything it reads is in memory (check-mandates.ts: the grants under mandates, their mandates
 * and client managers, kept by the index's refresh; the persons' ties to offices and the register
 * statuses, dropped whenever the registers may have changed), so ending a mandate, leaving the
 * office or the office stopping denies on the very next check, as the query did. Without a
 * preload, or inside an open transaction, the tables are read (the query below).
 */
export function mandateLookup(
  q: Queryable,
  index?: Pick<
    CheckIndex,
    | 'appointmentsOf'
    | 'store'
    | 'mayHoldMandateGrant'
    | 'mandateAnswer'
    | 'mandateGeneration'
    | 'keepMandateAnswer'
    | 'mandatesInMemory'
  >,
  handle?: DbHandle,
) {
  const appointmentsOf = index ? (e: string) => index.appointmentsOf(e) : undefined;
  const rows = handle ? preparedMandateRows(q, handle) : undefined;
  const lookup = async (person: string, enterprise: string, service: string, role: string, now: Date) =>
    pick(await mandateGrantsFor(q, person, enterprise, service, now, { appointmentsOf, rows }), enterprise, role);
  if (!index)
    return async (person: string, enterprise: string, service: string, role: string, now: Date) =>
      (await lookup(person, enterprise, service, role, now)) ?? undefined;
  // The gate (issue 20): the index's set of persons who ever held a grant under a mandate of this
  // service there (preloaded, kept current by its refresh): everybody else reads nothing. Then a
  // yes already found, while nothing it depends on has changed (CheckIndex.mandateAnswer): no
  // statement, no Promise. Then the decision from memory when the index holds the mandates, else
  // one indexed probe for the grant, and only a live one runs the full query (mandate in force,
  // both enterprises active, still staff of the office, the chain). A grant that no longer works
  // gives the reason of the no (issue 14).
  return (
    person: string,
    enterprise: string,
    service: string,
    role: string,
    now: Date,
  ): MandateResult | Promise<MandateResult> => {
    if (!index.mayHoldMandateGrant(person, enterprise, service)) return undefined;
    const key = `${person}|${enterprise}|${service}|${role}`;
    const nowMs = now.getTime();
    const hit = index.mandateAnswer<MandateResult>(key, nowMs);
    if (hit !== undefined) return hit;
    const gen = index.mandateGeneration();
    const keep = (m: NonNullable<ReturnType<typeof pick>>, validUntil: string | null): MandateResult => {
      const answer = { chain: m.chain, admin: m.admin, capacity: m.capacity };
      index.keepMandateAnswer(key, answer, holdsUntil(validUntil, m.chain, nowMs), gen);
      return answer;
    };
    const mem = index.mandatesInMemory();
    if (mem) {
      // what the index holds of this client, made current first if a write may have changed it
      const fromMemory = (): MandateResult | Promise<MandateResult> => {
        const s = mandateGrantStateInMemory(mem.facts, person, enterprise, service);
        if (!s) return undefined;
        const refuse = () =>
          refusalOf(s, enterprise, service, now, mem.status, (day) =>
            whenDone(mem.ties(person), (ties) => lostTie(ties, s.mandatary, day)),
          );
        if (s.revoked_at !== null) return refuse();
        const grants = mandateGrantsInMemory(mem, person, enterprise, service, now.toISOString(), () =>
          belgianDayOf(now),
        );
        return whenDone(grants, (gs) => {
          const m = pick(gs, enterprise, role);
          if (m === null) return undefined;
          if (m === undefined) return refuse();
          return keep(m, m.validUntil);
        });
      };
      const ready = mem.facts.ensure(enterprise);
      return ready instanceof Promise ? ready.then(fromMemory) : fromMemory();
    }
    const state = index.store.mandateGrantState(person, enterprise, service);
    const go = (s: MandateGrantState | undefined): MandateResult | Promise<MandateResult> => {
      if (!s) return undefined;
      const refuse = () =>
        refusalOf(
          s,
          enterprise,
          service,
          now,
          (e) => index.store.status(e),
          (day) => lostTieTo(q, person, s.mandatary, day),
        );
      if (s.revoked_at !== null) return refuse();
      return lookup(person, enterprise, service, role, now).then((m) => {
        if (m === null) return undefined;
        if (m === undefined) return refuse();
        return keep(m, m.validUntil);
      });
    };
    return state instanceof Promise ? state.then(go) : go(state);
  };
}

/**
 * The grant that answers for `role` ('' any) among those that work, as the check's answer; null:
 * the mandate works, only not for this role (no mandate reason to give); undefined: none works.
 */
function pick(grants: MandateGrant[], enterprise: string, role: string) {
  const g = grants.find((x) => role === '' || x.role === role);
  if (!g) return grants.length > 0 ? null : undefined;
  const cm = g.chain[1];
  return {
    validUntil: g.validUntil,
    capacity: g.capacity,
    chain: g.chain,
    admin: `granted ${g.service}${g.role ? ` role ${g.role}` : ''} at ${enterprise} under mandate ${g.mandate}${g.capacity ? ` (capacity ${g.capacity})` : ''} to ${g.mandatary}, by ${cm?.role ?? '?'} ${cm?.person ?? '?'}${g.validUntil ? `, until ${g.validUntil}` : ''}`,
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

/**
 * Why a grant under a mandate does not work now, from its row and its mandate's; the office's
 * status and the person's lost tie to it as the caller reads them (the index's memory or the tables).
 */
function refusalOf(
  s: MandateGrantState,
  enterprise: string,
  service: string,
  now: Date,
  statusOf: (enterprise: string) => string | null | Promise<string | null>,
  lostTieOn: (day: string) => LostTie | Promise<LostTie>,
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
  return whenDone(statusOf(s.mandatary), (st): MandateResult | Promise<MandateResult> => {
    if (st !== ACTIVE_STATUS) {
      return {
        reason: 'enterprise_stopped',
        admin: `${what}: the office ${s.mandatary} is not active in the register`,
      };
    }
    return whenDone(lostTieOn(isoDate(now)), (lost): MandateResult => {
      if (lost === 'lr_function_ended') {
        const admin = `${what}: the function register no longer lists the person as a legal representative of ${s.mandatary}, nor do they work for it`;
        return { reason: 'lr_function_ended', admin };
      }
      return {
        reason: 'employment_ended',
        admin: `${what}: the person no longer works for or represents ${s.mandatary}`,
      };
    });
  });
}

/** Every (client, service) a person may use through mandates now, for resource search: one query. */
/**
 * Every (enterprise, service) the person holds through a mandate that is not revoked or ended, with
 * the instants between which it works (`from`, `until`: the later start and the earlier end of the
 * grant and the mandate, ms). Grants that start later are included, so that a caller holding the
 * list knows when it changes by itself (resource search, issue 20); the caller keeps those with
 * from <= now < until. Both enterprises active and the person staff of the office are checked for
 * the day of `now`.
 */
export async function mandateServicesOf(q: Queryable, person: string, now: Date): Promise<MandateResource[]> {
  const iso = now.toISOString();
  const rows = await q
    .selectFrom('access_grant')
    .innerJoin('mandate', 'mandate.id', 'access_grant.mandate_id')
    .select([
      'access_grant.enterprise_number',
      'access_grant.service',
      'access_grant.domain',
      'access_grant.service_role',
      'access_grant.valid_from',
      'access_grant.valid_until',
      'mandate.valid_from as m_from',
      'mandate.valid_until as m_until',
      'mandate.capacity',
    ])
    .where('access_grant.person_number', '=', person)
    .where('access_grant.mandate_id', 'is not', null)
    .where('access_grant.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('access_grant.valid_until', 'is', null), eb('access_grant.valid_until', '>', iso)]))
    .where('mandate.status', '=', 'active')
    .where((eb) => eb.or([eb('mandate.valid_until', 'is', null), eb('mandate.valid_until', '>', iso)]))
    .where(bothActive)
    .where(isStaffOfMandatary(person, isoDate(now)))
    .execute();
  const ms = (t: string | null) => (t === null ? Number.POSITIVE_INFINITY : Date.parse(t));
  return rows.map((r) => ({
    enterprise: r.enterprise_number,
    service: r.service,
    domain: r.domain,
    role: r.service_role,
    from: Math.max(ms(r.valid_from), ms(r.m_from)),
    until: Math.min(ms(r.valid_until), ms(r.m_until)),
    capacity: r.capacity,
  }));
}
