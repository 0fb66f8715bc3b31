import type { Deps } from './deps.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
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
  appointedByRole: string;
  since: string;
  validUntil: string | null;
}

/** The enterprise's main, co-main and domain access managers, visible to its representatives and managers. */
export async function listAccessManagers(deps: Deps, ctx: Ctx, input: { enterprise: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps.db.engine, ctx.actor, 'managers.read', enterprise, nowDate);
    const rows = await tx
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
    const view = (r: (typeof rows)[number]): ManagerView => ({
      id: r.id,
      person: r.person_number,
      name: r.given_name ? `${r.given_name} ${r.family_name}` : null,
      email: r.email,
      phone: r.phone,
      domain: r.domain || null,
      procedure: r.procedure,
      appointedBy: r.appointed_by,
      appointedByRole: r.appointed_by_role,
      since: r.valid_from,
      validUntil: r.valid_until,
    });
    const domains: Record<string, ManagerView[]> = {};
    for (const d of deps.catalogue.domains) domains[d.code] = [];
    for (const r of rows.filter((r) => r.kind === 'domain')) {
      domains[r.domain] ??= [];
      domains[r.domain]!.push(view(r));
    }
    const main = rows.find((r) => r.kind === 'main');
    return {
      enterprise,
      main: main ? view(main) : null,
      coMain: rows.filter((r) => r.kind === 'co_main').map(view),
      domains,
    };
  });
}
