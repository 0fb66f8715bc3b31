/**
 * What a person may act for through mandates now: the clients list (paginated) and, for resource
 * search, every (client, service) pair with the instants between which it works. The register
 * conditions are in mandate-works.ts; the check's answer through a mandate is mandate-access.ts.
 */
import type { Queryable } from '../../infra/db/database.ts';
import { isoDate } from '../../ports.ts';
import type { MandateResource } from '../check-access.ts';
import { appointmentActiveAt, grantActiveAt } from '../shared/roles.ts';
import { namesOf } from './list-mandates.ts';
import { bothActive, isStaffOfMandatary } from './mandate-works.ts';
import { mandateInForceAt } from './shared.ts';

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
