/**
 * Who may hear of a change that concerns a whole enterprise rather than one domain (issue 13,
 * finding 7): the subscribers whose scope meets what the enterprise has in btb. The main and
 * co-main access managers manage every domain, so an enterprise that has one concerns everyone;
 * otherwise its domain access managers, client managers, grants and mandates name the domains
 * and services, and a subscriber of another domain never learns of the enterprise.
 */
import type { Queryable } from '../../infra/db/database.ts';
import type { EventAudience } from '../../infra/outbox/outbox.ts';
import { appointmentActiveAt, grantActiveAt } from './roles.ts';

export async function enterpriseAudience(q: Queryable, enterprise: string, now: Date): Promise<EventAudience> {
  const iso = now.toISOString();
  const appointments = await q
    .selectFrom('appointment')
    .select(['kind', 'domain', 'mandate_id'])
    .distinct()
    .where('enterprise_number', '=', enterprise)
    .where(appointmentActiveAt(iso))
    .execute();
  if (appointments.some((a) => (a.kind === 'main' || a.kind === 'co_main') && a.mandate_id === null)) {
    return { all: true, items: [] };
  }
  const items = new Map<string, { domain: string; service: string }>();
  const add = (domain: string, service: string) => items.set(`${domain}/${service}`, { domain, service });
  for (const a of appointments) if (a.domain) add(a.domain, '');
  const grants = await q
    .selectFrom('access_grant')
    .select(['domain', 'service'])
    .distinct()
    .where('enterprise_number', '=', enterprise)
    .where(grantActiveAt(iso))
    .execute();
  for (const g of grants) add(g.domain, g.service);
  const scopes = await q
    .selectFrom('mandate_scope')
    .innerJoin('mandate', 'mandate.id', 'mandate_scope.mandate_id')
    .select(['mandate_scope.domain', 'mandate_scope.service'])
    .distinct()
    .where((eb) =>
      eb.or([eb('mandate.mandator_number', '=', enterprise), eb('mandate.mandatary_number', '=', enterprise)]),
    )
    .where('mandate.status', 'in', ['proposed', 'active'])
    .execute();
  for (const s of scopes) add(s.domain, s.service);
  return { all: false, items: [...items.values()] };
}
