import { DomainError } from '../../domain/errors.ts';
import type { MandateSide } from '../../domain/mandate-rules.ts';
import type { Queryable } from '../../infra/db/database.ts';
import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import type { Ctx } from '../shared/record.ts';
import { appointmentActiveAt, grantActiveAt } from '../shared/roles.ts';
import { authorizeBeforeLookup, authorizeSide, loadMandateFor, loadScopes, mandateView } from './shared.ts';

export interface ListMandatesInput {
  enterprise: string;
  /** mandator: who acts for this enterprise; mandatary: this enterprise's clients */
  side: MandateSide;
  status?: 'open' | 'proposed' | 'active' | 'all';
  limit?: number;
  /** opaque: from the previous page's nextCursor */
  cursor?: string;
}

const STATUSES = {
  open: ['proposed', 'active'],
  proposed: ['proposed'],
  active: ['active'],
  all: ['proposed', 'active', 'rejected', 'ended', 'lapsed'],
} as const;

/**
 * A sees who at B acts for it; B sees its clients. Ordered by the other enterprise's number and
 * paged by keyset, so an office with thousands of clients pages at the same speed throughout.
 */
export async function listMandates(deps: Deps, ctx: Ctx, input: ListMandatesInput) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 500);
  const statuses = STATUSES[input.status ?? 'open'];
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const own = input.side === 'mandator' ? 'mandator_number' : 'mandatary_number';
  const other = input.side === 'mandator' ? 'mandatary_number' : 'mandator_number';
  return deps.db.unitOfWork(async (tx) => {
    await authorizeSide(tx, deps, ctx, 'read', enterprise, input.side, nowDate);
    let q = tx
      .selectFrom('mandate')
      .selectAll()
      .where(own, '=', enterprise)
      .where('status', 'in', [...statuses]);
    if (input.cursor) {
      const [after, afterId] = input.cursor.split(':');
      if (!after || !afterId || !/^\d{10}$/.test(after))
        throw new DomainError('validation.invalid_input', { field: 'cursor', reason: 'unknown cursor' });
      q = q.where((eb) => eb.or([eb(other, '>', after), eb.and([eb(other, '=', after), eb('id', '>', afterId)])]));
    }
    const rows = await q
      .orderBy(other)
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const scopes = await loadScopes(
      tx,
      page.map((m) => m.id),
    );
    const names = await namesOf(
      tx,
      page.map((m) => m[other]),
    );
    const agents = await agentsOf(
      tx,
      page.map((m) => m.id),
      now,
    );
    const last = page[page.length - 1];
    return {
      items: page.map((m) => ({
        ...mandateView({ ...m, scope: scopes.get(m.id) ?? [] }),
        counterpartName: names.get(m[other]) ?? null,
        agents: agents.get(m.id) ?? [],
      })),
      nextCursor: rows.length > limit && last ? `${last[other]}:${last.id}` : null,
    };
  });
}

/** One mandate with who acts under it now: B's client managers and the users they gave access. */
export async function getMandate(deps: Deps, ctx: Ctx, input: { enterprise: string; id: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  return deps.db.unitOfWork(async (tx) => {
    // review 8, finding 3c: a stranger is refused before the mandate is looked up
    await authorizeBeforeLookup(tx, deps, ctx, 'read', enterprise);
    const { mandate, side } = await loadMandateFor(tx, enterprise, input.id);
    await authorizeSide(tx, deps, ctx, 'read', enterprise, side, nowDate);
    const names = await namesOf(tx, [mandate.mandator_number, mandate.mandatary_number]);
    const agents = await agentsOf(tx, [mandate.id], nowDate.toISOString());
    return {
      mandate: {
        ...mandateView(mandate),
        mandatorName: names.get(mandate.mandator_number) ?? null,
        mandataryName: names.get(mandate.mandatary_number) ?? null,
        agents: agents.get(mandate.id) ?? [],
      },
      side,
    };
  });
}

export interface Agent {
  person: string;
  name: string | null;
  kind: 'client_manager' | 'user';
  domain: string | null;
  service: string | null;
  validUntil: string | null;
  grant: string | null;
}

async function agentsOf(q: Queryable, ids: string[], now: string): Promise<Map<string, Agent[]>> {
  const out = new Map<string, Agent[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const [managers, users] = await Promise.all([
    q
      .selectFrom('appointment')
      .leftJoin('person', 'person.number', 'appointment.person_number')
      .select([
        'appointment.mandate_id',
        'appointment.person_number',
        'appointment.domain',
        'appointment.valid_until',
        'person.given_name',
        'person.family_name',
      ])
      .where('appointment.mandate_id', 'in', ids)
      .where(appointmentActiveAt(now))
      .orderBy('appointment.person_number')
      .execute(),
    q
      .selectFrom('access_grant')
      .leftJoin('person', 'person.number', 'access_grant.person_number')
      .select([
        'access_grant.id',
        'access_grant.mandate_id',
        'access_grant.person_number',
        'access_grant.domain',
        'access_grant.service',
        'access_grant.valid_until',
        'person.given_name',
        'person.family_name',
      ])
      .where('access_grant.mandate_id', 'in', ids)
      .where(grantActiveAt(now))
      .orderBy('access_grant.person_number')
      .execute(),
  ]);
  const name = (r: { given_name: string | null; family_name: string | null }) =>
    r.given_name ? `${r.given_name} ${r.family_name}` : null;
  for (const m of managers) {
    out.get(m.mandate_id!)?.push({
      person: m.person_number,
      name: name(m),
      kind: 'client_manager',
      domain: m.domain,
      service: null,
      validUntil: m.valid_until,
      grant: null,
    });
  }
  for (const g of users) {
    out.get(g.mandate_id!)?.push({
      person: g.person_number,
      name: name(g),
      kind: 'user',
      domain: g.domain,
      service: g.service,
      validUntil: g.valid_until,
      grant: g.id,
    });
  }
  return out;
}

export async function namesOf(q: Queryable, numbers: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(numbers)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await q
      .selectFrom('denomination')
      .select(['entity_number', 'denomination', 'type'])
      .where('entity_number', 'in', unique.slice(i, i + 500))
      .orderBy('entity_number')
      .orderBy('type')
      .execute();
    for (const r of rows) if (!out.has(r.entity_number)) out.set(r.entity_number, r.denomination);
  }
  return out;
}
