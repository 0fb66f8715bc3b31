/**
 * AuthZEN subject search: who may use online service S for enterprise E, or manage domain D of E?
 * Read from the database (not the hot path), after the same read barrier as a check.
 */
import { brusselsDate } from '../domain/brussels-time.ts';
import { parseEnterpriseId } from '../domain/foreign-enterprise.ts';
import { ACTIVE_STATUS } from '../ports.ts';
import { type CheckCtx, type CheckDeps, domainInScope, holdsCapacitiesOf, serviceInScope } from './check-access.ts';
import { paginate } from './search-page.ts';
import type { SearchInput } from './search-resources.ts';
import { isAppointmentActive } from './shared/roles.ts';

export async function searchSubjects(deps: CheckDeps, ctx: CheckCtx, input: SearchInput) {
  const raw = input.resource.properties?.enterprise;
  const enterprise = typeof raw === 'string' ? parseEnterpriseId(raw) : undefined;
  if (input.subject.type === 'system' && deps.systems) {
    const hits = await deps.systems.subjects(ctx, { ...input, action: input.action ?? { name: 'use' } });
    return paginate(
      hits.map((h) => ({
        type: 'system' as const,
        id: h.id,
        // the reason a holder's software is listed for the client: the mandates it acts under
        ...(h.mandates ? { properties: { mandates: h.mandates } } : {}),
      })),
      input.page,
    );
  }
  const none = () => paginate<{ type: 'person' | 'system'; id: string }>([], input.page);
  if (input.subject.type !== 'person' || !enterprise?.ok) return none();
  const e = enterprise.value;
  const status = await deps.index.begin(e);
  if (status !== ACTIVE_STATUS) return none();
  const id = String(input.resource.id ?? '');
  const persons = new Set<string>();
  const action = input.action?.name;
  if (input.resource.type === 'online-service' && (action ?? 'use') === 'use') {
    const service = deps.catalogue.service(id);
    if (!service || !serviceInScope(ctx.client, service.code, service.domain)) return none();
    // issue 19: nobody may use a service that needs a capacity the enterprise does not hold (as the check)
    if (!(await holdsCapacitiesOf(deps, e, service, brusselsDate(deps.clock.now())))) return none();
    const role = typeof input.resource.properties?.role === 'string' ? input.resource.properties.role : '';
    const now = deps.clock.now().toISOString();
    for (const g of await deps.index.store.serviceGrantees(e, service.code)) {
      if (g.valid_from <= now && (g.valid_until === null || g.valid_until > now) && (!role || g.service_role === role))
        persons.add(g.person_number);
    }
  } else if (input.resource.type === 'domain' && (action ?? 'manage') === 'manage') {
    const domain = deps.catalogue.domain(id);
    if (!domain || !domainInScope(ctx.client, domain.code)) return none();
    const now = deps.clock.now().toISOString();
    for (const a of await deps.index.appointmentsOf(e)) {
      if (!isAppointmentActive(a, now)) continue;
      if (a.kind === 'main' || a.kind === 'co_main' || (a.kind === 'domain' && a.domain === domain.code))
        persons.add(a.person_number);
    }
  }
  return paginate(
    [...persons].sort().map((p) => ({ type: 'person' as 'person' | 'system', id: p })),
    input.page,
  );
}
