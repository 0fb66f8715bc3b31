/**
 * AuthZEN resource search: for whom and what may this person act? The "role selection" list a
 * service shows at login: every (enterprise, online service) the person may use, and with action
 * `manage`, every (enterprise, domain) they manage. Each result, fed back into `evaluation`,
 * answers true (the spec's requirement), because both read the same index at the same instant.
 */
import { mandateCarries } from '../domain/mandate-rules.ts';
import { parsePersonId } from '../domain/person-id.ts';
import { ACTIVE_STATUS } from '../ports.ts';
import {
  type CheckCtx,
  type CheckDeps,
  directGrants,
  domainInScope,
  type Entity,
  keepHeldCapacities,
  serviceInScope,
} from './check-access.ts';
import { byEnterpriseService } from './search-mandates.ts';
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
  // software acting for enterprises (issue 18, section 2): services only; a system manages nothing
  if (input.subject.type === 'system' && deps.systems) {
    const action = input.action?.name ?? 'use';
    const found =
      input.resource.type === 'online-service' && action === 'use'
        ? await deps.systems.resources(ctx, String(input.subject.id ?? ''))
        : [];
    return paginate<ResourceResult>(found, input.page);
  }
  const person = input.subject.type === 'person' ? parsePersonId(String(input.subject.id ?? '')) : undefined;
  if (!person?.ok) return paginate<ResourceResult>([], input.page);
  // The database's committed state, read before the barrier (review 9, finding 1): read after it, a
  // commit landing in between was in the stamp but not in the index's memory the answer is computed
  // from, and that stale answer was served again until the next write. The index's own stamp, read
  // after the barrier, covers what committed before this stamp but has not reached this node yet
  // (PostgreSQL: a notification under way): when it arrives the index's stamp moves.
  const cache = deps.searchCache;
  const dbStamp = cache ? await cache.stamp() : null;
  // exact, not within POLL_MS: the statuses below come from the index (statusesOf)
  await deps.index.beginExact();
  // An eIDAS person the service desk linked to a Belgian number is that number (issue 19), as for a
  // check (checkAccess): their grants moved there, and the identifier's list held by the index is
  // the one before the move, which no later change at the enterprise updates (review8).
  const id = person.value.id;
  const p = person.value.kind === 'eidas' && deps.linkedNumber ? ((await deps.linkedNumber(id)) ?? id) : id;
  const action = input.action?.name ?? (input.resource.type === 'domain' ? 'manage' : 'use');
  // Issue 20: the whole sorted list, kept while the database has not changed (search-cache.ts), so
  // that the next page, or the same list asked again, does not recompute thousands of results.
  const stamp = dbStamp === null ? null : `${dbStamp}/${deps.index.stateStamp()}`;
  const key = `${ctx.client.id}\u0000${p}\u0000${input.resource.type}\u0000${action}`;
  const nowMs = deps.clock.now().getTime();
  const held = stamp === null ? undefined : cache!.get<ResourceResult>(key, stamp, nowMs);
  if (held) return paginate(held, input.page);
  const { results, changesAtMs } = await resourcesOf(deps, ctx, p, input.resource.type, action, nowMs);
  if (stamp !== null) cache!.set(key, stamp, nowMs, changesAtMs, results);
  return paginate(results, input.page);
}

/** Every result, sorted, and the instant the list changes by itself (a grant starting or ending…). */
async function resourcesOf(
  deps: CheckDeps,
  ctx: CheckCtx,
  p: string,
  type: string,
  action: string,
  nowMs: number,
): Promise<{ results: ResourceResult[]; changesAtMs: number }> {
  let changesAtMs = Number.POSITIVE_INFINITY;
  /** in force now (from <= now < until); otherwise notes when it starts */
  const inForce = (from: number, until: number) => {
    if (from > nowMs) {
      changesAtMs = Math.min(changesAtMs, from);
      return false;
    }
    if (until <= nowMs) return false;
    changesAtMs = Math.min(changesAtMs, until);
    return true;
  };
  const found: ResourceResult[] = [];
  /** enterprises whose status the search reads: not those where the mandate source found a client active */
  const askStatus = new Set<string>();
  if (type === 'online-service' && action === 'use') {
    type Held = { enterprise: string; service: string; domain: string; role: string };
    const own: Held[] = [];
    for (const source of deps.grantSources ?? [directGrants]) {
      for (const g of await source.grantsOf(deps.index, p)) {
        if (g.revokedAt === null && inForce(g.from, g.until) && serviceInScope(ctx.client, g.service, g.domain))
          own.push(g);
      }
    }
    for (const g of own) askStatus.add(g.enterprise);
    // clients the person acts for through mandates (issue 9), sorted when they come from memory
    const held: Held[] = [];
    for (const g of deps.mandateResources ? await deps.mandateResources(p, new Date(nowMs)) : []) {
      // issue 19: as the check, a service that needs a capacity only through a mandate given for it
      if (!inForce(g.from, g.until) || !mandateCarries(deps.catalogue.service(g.service)?.capacities, g.capacity))
        continue;
      if (askStatus.size > 0) askStatus.delete(g.enterprise); // found active: not asked about again
      if (serviceInScope(ctx.client, g.service, g.domain)) held.push(g);
    }
    // one result per (enterprise, service), its roles merged: the list sorted (a sorted list costs
    // one comparison per entry), then equal neighbours joined
    if (own.length > 0) held.push(...own);
    held.sort(byEnterpriseService);
    let last: ResourceResult | undefined;
    for (const g of held) {
      if (last === undefined || last.id !== g.service || last.properties.enterprise !== g.enterprise) {
        last = { type: 'online-service', id: g.service, properties: { enterprise: g.enterprise } };
        found.push(last);
      }
      if (!g.role) continue;
      const roles = last.properties.roles;
      if (!roles) last.properties.roles = [g.role];
      else if (!roles.includes(g.role)) roles.push(g.role);
    }
  } else if (type === 'domain' && action === 'manage') {
    const byKey = new Map<string, ResourceResult>();
    const now = new Date(nowMs).toISOString();
    for (const a of await deps.index.store.personAppointments(p)) {
      if (a.ended_at !== null) continue;
      if (!isAppointmentActive(a, now)) {
        if (a.valid_from > now) changesAtMs = Math.min(changesAtMs, Date.parse(a.valid_from));
        continue;
      }
      if (a.valid_until !== null) changesAtMs = Math.min(changesAtMs, Date.parse(a.valid_until));
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
    for (const r of byKey.values()) {
      found.push(r);
      askStatus.add(r.properties.enterprise);
    }
  }
  // as the check reads them: from the index's memory where it holds them (issue 20)
  const statuses = askStatus.size > 0 ? await deps.index.statusesOf(askStatus) : undefined;
  // issue 19: as the check, a service that needs capacities only at an enterprise that holds them
  const capable = await keepHeldCapacities(
    deps,
    statuses
      ? found.filter(
          (r) => !askStatus.has(r.properties.enterprise) || statuses.get(r.properties.enterprise) === ACTIVE_STATUS,
        )
      : found,
    nowMs,
  );
  changesAtMs = Math.min(changesAtMs, capable.changesAtMs);
  const active = capable.kept;
  for (const r of active) if (r.properties.roles && r.properties.roles.length > 1) r.properties.roles.sort();
  // already in this order but for the domains
  active.sort((a, b) =>
    a.properties.enterprise === b.properties.enterprise
      ? a.id < b.id
        ? -1
        : 1
      : a.properties.enterprise < b.properties.enterprise
        ? -1
        : 1,
  );
  return { results: active, changesAtMs };
}
