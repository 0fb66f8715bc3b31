import { DomainError } from '../domain/errors.ts';
import type { Deps } from './deps.ts';
import { managementChangedMails } from './management/management-changed.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
import { type Ctx, enterpriseName, personContact, record } from './shared/record.ts';

/** A legal representative (high assurance) removes the main access manager; what they appointed stays. */
export async function removeMainAccessManager(deps: Deps, ctx: Ctx, input: { enterprise: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const role = await authorizeIn(tx, deps, ctx.actor, 'main.remove', enterprise, nowDate);
    // locked on PostgreSQL: the service desk may end it at this moment after a report (review 6, race 2)
    const query = tx
      .selectFrom('appointment')
      .selectAll()
      .where('enterprise_number', '=', enterprise)
      .where('kind', '=', 'main')
      .where('ended_at', 'is', null);
    const current = await (deps.db.engine === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    if (!current) throw new DomainError('appointment.not_found', { role: 'main' });
    await tx
      .updateTable('appointment')
      .set({ ended_at: now, ended_by: ctx.actor.personNumber, end_reason: 'removed' })
      .where('id', '=', current.id)
      .execute();
    const contact = await personContact(tx, current.person_number);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'main_access_manager.removed',
      target: current.person_number,
      before: { appointment: current.id, person: current.person_number },
      procedure: current.procedure,
      mails: [
        {
          to: current.email,
          language: contact.language,
          template: 'appointment_ended',
          params: { role: 'main', enterprise, enterpriseName: await enterpriseName(tx, enterprise), reason: 'removed' },
        },
        ...(await managementChangedMails(tx, deps, {
          enterprise,
          role: 'main',
          person: current.person_number,
          change: 'ended',
          procedure: current.procedure,
          at: now,
        })),
      ],
      event: { type: 'access_manager.removed', data: { role: 'main', person: current.person_number } },
    });
    return { ended: { ...current, ended_at: now } };
  });
}
