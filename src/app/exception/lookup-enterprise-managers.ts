import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { type Ctx, enterpriseName, record } from '../shared/record.ts';
import { appointmentActiveAt } from '../shared/roles.ts';
import { requireOperator, SERVICE_DESK } from './shared.ts';

/**
 * An operator looks up who manages an enterprise. Never silent: the look-up is written to the
 * audit log of that enterprise, in the same transaction that reads.
 */
export async function lookupEnterpriseManagers(deps: Deps, ctx: Ctx, input: { enterprise: string; purpose?: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const now = deps.clock.now().toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const exists = await tx
      .selectFrom('enterprise')
      .select('status')
      .where('number', '=', enterprise)
      .executeTakeFirst();
    if (!exists) throw new DomainError('enterprise.not_found', { enterprise });
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
    await record(tx, deps, ctx, {
      at: now,
      actorRole: SERVICE_DESK,
      enterprise,
      action: 'managers.looked_up',
      target: enterprise,
      after: { operator, purpose: input.purpose?.trim() || null, count: rows.length },
    });
    return {
      enterprise,
      enterpriseName: await enterpriseName(tx, enterprise),
      isStopped: exists.status !== 'AC',
      managers: rows.map((r) => ({
        id: r.id,
        person: r.person_number,
        name: r.given_name ? `${r.given_name} ${r.family_name}` : null,
        kind: r.kind,
        domain: r.domain || null,
        email: r.email,
        phone: r.phone,
        procedure: r.procedure,
        appointedBy: r.appointed_by,
        appointedByRole: r.appointed_by_role,
        since: r.valid_from,
        validUntil: r.valid_until,
      })),
    };
  });
}
