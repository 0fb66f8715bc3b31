/**
 * AuthZEN resource search: for whom and what may this person act? The "role selection" list a
 * service shows at login: every (enterprise, online service) the person may use, and with action
 * `manage`, every (enterprise, domain) they manage. Each result, fed back into `evaluation`,
 * answers true (the spec's requirement), because both read the same index at the same instant.
 */
import { parsePersonId } from '../domain/person-id.ts';
import { ACTIVE_STATUS } from '../ports.ts';
import {
  type CheckCtx,
  type CheckDeps,
  directGrants,
  domainInScope,
  type Entity,
  serviceInScope,
} from './check-access.ts';
import { isGrantActive } from './check-index.ts';
import { type PageIn, paginate } from './search-page.ts';
import { isAppointmentActive } from './shared/roles.ts';

export interface SearchInput {
  subject: Entity;
  action?: { name: string };
  resource: Entity;
  page?: PageIn;
}

export interface ResourceResult {
  type: 'online-service' | 'domain';
  id: string;
  properties: { enterprise: string; roles?: string[] };
}

export async function searchResources(deps: CheckDeps, ctx: CheckCtx, input: SearchInput) {
  const person = input.subject.type === 'person' ? parsePersonId(String(input.subject.id ?? '')) : undefined;
  if (!person?.ok) return paginate<ResourceResult>([], input.page);
  await deps.index.begin(null);
  const p = person.value.id;
  const action = input.action?.name ?? (input.resource.type === 'domain' ? 'manage' : 'use');
  const found: ResourceResult[] = [];
  if (input.resource.type === 'online-service' && action === 'use') {
    const nowMs = deps.clock.now().getTime();
    const byKey = new Map<string, ResourceResult>();
    for (const source of deps.grantSources ?? [directGrants]) {
      for (const g of await source.grantsOf(deps.index, p)) {
        if (!isGrantActive(g, nowMs) || !serviceInScope(ctx.client, g.service, g.domain)) continue;
        const key = `${g.enterprise} ${g.service}`;
        let r = byKey.get(key);
        if (!r) {
          r = { type: 'online-service', id: g.service, properties: { enterprise: g.enterprise, roles: [] } };
          byKey.set(key, r);
        }
        if (g.role && !r.properties.roles!.includes(g.role)) r.properties.roles!.push(g.role);
      }
    }
    // clients the person acts for through mandates (issue 9): one query, however many clients
    for (const g of deps.mandateResources ? await deps.mandateResources(p, new Date(nowMs)) : []) {
      if (!serviceInScope(ctx.client, g.service, g.domain)) continue;
      const key = `${g.enterprise} ${g.service}`;
      let r = byKey.get(key);
      if (!r) {
        r = { type: 'online-service', id: g.service, properties: { enterprise: g.enterprise, roles: [] } };
        byKey.set(key, r);
      }
      if (g.role && !r.properties.roles!.includes(g.role)) r.properties.roles!.push(g.role);
    }
    found.push(...byKey.values());
  } else if (input.resource.type === 'domain' && action === 'manage') {
    const now = deps.clock.now().toISOString();
    const byKey = new Map<string, ResourceResult>();
    for (const a of await deps.index.store.personAppointments(p)) {
      if (!isAppointmentActive(a, now)) continue;
      const domains =
        a.kind === 'domain'
          ? [a.domain]
          : a.kind === 'main' || a.kind === 'co_main'
            ? deps.catalogue.domains.map((d) => d.code)
            : [];
      for (const d of domains) {
        if (!domainInScope(ctx.client, d)) continue;
        byKey.set(`${a.enterprise_number} ${d}`, {
          type: 'domain',
          id: d,
          properties: { enterprise: a.enterprise_number },
        });
      }
    }
    found.push(...byKey.values());
  }
  const statuses = await deps.index.store.statuses([...new Set(found.map((r) => r.properties.enterprise))]);
  const active = found.filter((r) => statuses.get(r.properties.enterprise) === ACTIVE_STATUS);
  for (const r of active) {
    if (r.properties.roles?.length === 0) delete r.properties.roles;
    else r.properties.roles?.sort();
  }
  active.sort((a, b) =>
    a.properties.enterprise === b.properties.enterprise
      ? a.id < b.id
        ? -1
        : 1
      : a.properties.enterprise < b.properties.enterprise
        ? -1
        : 1,
  );
  return paginate(active, input.page);
}
