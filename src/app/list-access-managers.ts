import type { Queryable } from '../infra/db/database.ts';
import type { Deps } from './deps.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
import { personNames } from './shared/person-names.ts';
import type { Ctx } from './shared/record.ts';
import { appointmentActiveAt } from './shared/roles.ts';

export interface ManagerView {
  id: string;
  person: string;
  name: string | null;
  email: string;
  phone: string;
  domain: string | null;
  procedure: string;
  appointedBy: string | null;
  /** "appointed by An Peeters": the appointer's name (issue 16, item 7) */
  appointedByName: string | null;
  appointedByRole: string;
  since: string;
  validUntil: string | null;
}

/** The active appointments of an enterprise's own chain, oldest first, with the holders' names. */
export async function activeManagers(
  q: Queryable,
  enterprise: string,
  now: string,
): Promise<(ManagerView & { kind: string })[]> {
  const rows = await q
    .selectFrom('appointment')
    .leftJoin('person', 'person.number', 'appointment.person_number')
    .select([
      'appointment.id',
      'appointment.person_number',
      'appointment.kind',
      'appointment.domain',
      'appointment.email',
      'appointment.phone',
      'appointment.procedure',
      'appointment.appointed_by',
      'appointment.appointed_by_role',
      'appointment.valid_from',
      'appointment.valid_until',
      'person.given_name',
      'person.family_name',
    ])
    .where('appointment.enterprise_number', '=', enterprise)
    .where('appointment.mandate_id', 'is', null)
    .where(appointmentActiveAt(now))
    .orderBy('appointment.created_at')
    .execute();
  const nameOf = await personNames(
    q,
    rows.map((r) => r.appointed_by),
  );
  return rows.map((r) => ({
    id: r.id,
    person: r.person_number,
    name: r.given_name ? `${r.given_name} ${r.family_name}` : null,
    kind: r.kind,
    email: r.email,
    phone: r.phone,
    domain: r.domain || null,
    procedure: r.procedure,
    appointedBy: r.appointed_by,
    appointedByName: nameOf(r.appointed_by),
    appointedByRole: r.appointed_by_role,
    since: r.valid_from,
    validUntil: r.valid_until,
  }));
}

/** The enterprise's main, co-main and domain access managers, visible to its representatives and managers. */
export async function listAccessManagers(deps: Deps, ctx: Ctx, input: { enterprise: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'managers.read', enterprise, nowDate);
    const all = await activeManagers(tx, enterprise, nowDate.toISOString());
    const view = ({ kind: _kind, ...m }: ManagerView & { kind: string }): ManagerView => m;
    const domains: Record<string, ManagerView[]> = {};
    for (const d of deps.catalogue.domains) domains[d.code] = [];
    for (const m of all.filter((m) => m.kind === 'domain')) {
      domains[m.domain!] ??= [];
      domains[m.domain!]!.push(view(m));
    }
    const main = all.find((m) => m.kind === 'main');
    return {
      enterprise,
      main: main ? view(main) : null,
      coMain: all.filter((m) => m.kind === 'co_main').map(view),
      domains,
    };
  });
}
