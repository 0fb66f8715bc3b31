import type { Deps } from './deps.ts';
import { ENDED_BY, mailsTo, REGISTER, REGISTER_ROLE, registerAudience } from './register-effects.ts';
import { type Ctx, enterpriseName, personContact, record } from './shared/record.ts';
import { eligibility } from './shared/roles.ts';

/**
 * At the end of the grace period, an appointment nobody confirmed is suspended: it stops working
 * (ended_at set, end_reason 'suspended'; the check says appointment_suspended), the row stays,
 * and a legal representative can restore it. Run by every server every few minutes; each review
 * is suspended once (the update is conditional on its status).
 */
export async function suspendOverdueAppointments(deps: Deps): Promise<number> {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const due = await deps.db.db
    .selectFrom('register_review')
    .select(['id'])
    .where('status', '=', 'pending')
    .where('grace_until', '<=', now)
    .execute();
  let n = 0;
  const ctx: Ctx = { actor: REGISTER, requestId: 'register:grace' };
  for (const { id } of due) {
    await deps.db.unitOfWork(async (tx) => {
      // locked before its status is read: a legal representative may decide it at this moment
      // (decideRegisterReview locks the same row first; review 6, race 1)
      const query = tx.selectFrom('register_review').selectAll().where('id', '=', id);
      const r = await (deps.db.engine === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
      if (r?.status !== 'pending') return;
      const e = await eligibility(tx, deps.registers, r.enterprise_number, r.person_number, nowDate);
      const app = await tx
        .selectFrom('appointment')
        .select(['id', 'ended_at', 'email', 'kind'])
        .where('id', '=', r.appointment_id)
        .executeTakeFirst();
      if (e.isEligible || !app || app.ended_at !== null) {
        // backed again, or ended meanwhile by someone: nothing to suspend
        await tx
          .updateTable('register_review')
          .set({
            status: app?.ended_at ? 'ended' : 'resolved',
            decided_at: now,
            decided_by: ENDED_BY,
            decision_reason: e.isEligible ? 'eligible_again' : 'appointment_ended',
          })
          .where('id', '=', id)
          .execute();
        return;
      }
      await tx
        .updateTable('appointment')
        .set({ ended_at: now, ended_by: ENDED_BY, end_reason: 'suspended' })
        .where('id', '=', r.appointment_id)
        .where('ended_at', 'is', null)
        .execute();
      await tx
        .updateTable('register_review')
        .set({ status: 'suspended', decided_at: now, decided_by: ENDED_BY, decision_reason: 'grace_period_over' })
        .where('id', '=', id)
        .execute();
      const holder = await personContact(tx, r.person_number);
      const audience = await registerAudience(tx, r.enterprise_number, nowDate, [
        { to: app.email, language: holder.language },
      ]);
      await record(tx, deps, ctx, {
        at: now,
        actorRole: REGISTER_ROLE,
        enterprise: r.enterprise_number,
        action: 'register.appointment_suspended',
        target: r.person_number,
        before: { review: id, status: 'pending' },
        after: { review: id, appointment: r.appointment_id, status: 'suspended', source: r.import_id },
        mails: mailsTo(audience, 'register_appointment_suspended', {
          enterprise: r.enterprise_number,
          enterpriseName: await enterpriseName(tx, r.enterprise_number),
          role: r.kind,
          name: holder.name ?? r.person_number,
          review: id,
          link: `${deps.config.publicUrl}/enterprises/${r.enterprise_number}/register-reviews`,
        }),
        event: {
          type: 'register.appointment_suspended',
          data: { review: id, appointment: r.appointment_id, person: r.person_number, kind: r.kind },
        },
      });
      n++;
    });
  }
  return n;
}
