import { brusselsDate } from '../domain/brussels-time.ts';
import { DomainError } from '../domain/errors.ts';
import type { Deps } from './deps.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
import type { Ctx } from './shared/record.ts';

export interface CapacityView {
  domain: string;
  capacity: string;
  startDate: string;
  endDate: string | null;
  /** held on today's Brussels date (the check's rule) */
  heldToday: boolean;
}

/**
 * Issue 19, section 4: the capacities an enterprise holds or will hold (the register import's rows
 * that have not ended), for the mandate form. Decided: any logged-in person may read them, like
 * the system registry: they are facts of public lists (the ONSS employer register, the recognised
 * social secretariats), and an office proposing a mandate must see its client's to choose one.
 */
export async function listEnterpriseCapacities(
  deps: Deps,
  ctx: Ctx,
  input: string,
): Promise<{ enterprise: string; capacities: CapacityView[] }> {
  if (!ctx.actor.personNumber) throw new DomainError('authorization.forbidden', { reason: 'no_person_number' });
  const enterprise = requireEnterpriseNumber(input);
  const today = brusselsDate(deps.clock.now());
  const rows = await deps.db.db
    .selectFrom('enterprise_capacity')
    .selectAll()
    .where('enterprise_number', '=', enterprise)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
    .orderBy('domain')
    .orderBy('capacity')
    .orderBy('start_date')
    .execute();
  return {
    enterprise,
    capacities: rows.map((r) => ({
      domain: r.domain,
      capacity: r.capacity,
      startDate: r.start_date,
      endDate: r.end_date,
      heldToday: r.start_date <= today,
    })),
  };
}
