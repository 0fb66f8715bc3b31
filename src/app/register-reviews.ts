/**
 * The legal representatives' side of a register change (issue 17, section 1): a main or co-main
 * access manager the registers no longer back is under review for a grace period. A legal
 * representative (high assurance) confirms them (with a reason: the appointment keeps working),
 * ends them, or — once suspended at the end of the period — restores them (with a reason).
 * Each decision re-reads the review and the appointment in the transaction and is audited.
 */
import { DomainError } from '../domain/errors.ts';
import type { RegisterReviewStatus } from '../infra/db/schema.ts';
import type { Deps } from './deps.ts';
import { managementChangedMails } from './management/management-changed.ts';
import { authorizeIn } from './shared/guard.ts';
import { requireEnterpriseNumber } from './shared/input.ts';
import { holdNumberAgainstLink } from './shared/person-number-lock.ts';
import { type Ctx, enterpriseName, personContact, record } from './shared/record.ts';
import { eligibility, requireNoOtherMain } from './shared/roles.ts';

export interface RegisterReviewView {
  id: string;
  appointment: string;
  person: string;
  name: string | null;
  kind: string;
  reason: string;
  source: string | null;
  detectedAt: string;
  graceUntil: string;
  status: RegisterReviewStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** GET /api/v1/enterprises/{en}/register-reviews: for the legal representatives and managers. */
export async function listRegisterReviews(deps: Deps, ctx: Ctx, input: { enterprise: string }) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const now = deps.clock.now();
  return deps.db.unitOfWork(async (tx) => {
    await authorizeIn(tx, deps, ctx.actor, 'managers.read', enterprise, now);
    const rows = await tx
      .selectFrom('register_review')
      .leftJoin('person', 'person.number', 'register_review.person_number')
      .selectAll('register_review')
      .select(['person.given_name', 'person.family_name'])
      .where('register_review.enterprise_number', '=', enterprise)
      .orderBy('register_review.detected_at', 'desc')
      .orderBy('register_review.id')
      .limit(200)
      .execute();
    const items: RegisterReviewView[] = rows.map((r) => ({
      id: r.id,
      appointment: r.appointment_id,
      person: r.person_number,
      name: r.given_name ? `${r.given_name} ${r.family_name}` : null,
      kind: r.kind,
      reason: r.reason,
      source: r.import_id,
      detectedAt: r.detected_at,
      graceUntil: r.grace_until,
      status: r.status,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      decisionReason: r.decision_reason,
    }));
    return { enterprise, items };
  });
}

export type ReviewDecision = 'confirm' | 'end' | 'restore';

/** Which states each decision applies to. */
const FROM: Record<ReviewDecision, RegisterReviewStatus[]> = {
  confirm: ['pending'],
  end: ['pending', 'confirmed', 'suspended'],
  restore: ['suspended'],
};

const ACTION: Record<ReviewDecision, string> = {
  confirm: 'register.appointment_confirmed',
  end: 'register.appointment_ended',
  restore: 'register.appointment_restored',
};

function requireReason(decision: ReviewDecision, raw: unknown): string | null {
  const text = typeof raw === 'string' ? raw.normalize('NFC').trim() : '';
  if (text.length > 1000)
    throw new DomainError('validation.invalid_input', { field: 'reason', reason: 'at most 1000 characters' });
  // keeping someone the registers do not back is an exception: say why
  if (decision !== 'end' && text.length < 3)
    throw new DomainError('register_review.reason_required', { field: 'reason', decision });
  return text || null;
}

/** POST /api/v1/enterprises/{en}/register-reviews/{id}/{confirm|end|restore} */
export async function decideRegisterReview(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; id: string; decision: ReviewDecision; reason?: unknown },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const reason = requireReason(input.decision, input.reason);
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const role = await authorizeIn(tx, deps, ctx.actor, 'register_review.decide', enterprise, nowDate);
    // The grace sweep (suspendOverdueAppointments) takes no enterprise lock: on PostgreSQL the
    // review row is locked before its status is read, in the sweep as here (review 6, race 1).
    const query = tx
      .selectFrom('register_review')
      .selectAll()
      .where('id', '=', input.id)
      .where('enterprise_number', '=', enterprise);
    const review = await (deps.db.engine === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    if (!review) throw new DomainError('register_review.not_found', { review: input.id });
    if (!FROM[input.decision].includes(review.status))
      throw new DomainError('register_review.wrong_state', { review: review.id, state: review.status });
    // and the appointment too: the service desk may end it at this moment after a report (race 4)
    const appQuery = tx.selectFrom('appointment').selectAll().where('id', '=', review.appointment_id);
    const app = await (deps.db.engine === 'postgres' ? appQuery.forUpdate() : appQuery).executeTakeFirst();
    if (!app) throw new DomainError('register_review.not_found', { review: input.id });
    const by = ctx.actor.personNumber;
    // ended for another reason meanwhile (the desk upheld a report): the review only closes, and
    // nobody is told of an end that this decision did not make
    const endedElsewhere = input.decision === 'end' && app.ended_at !== null && app.end_reason !== 'suspended';
    let status: RegisterReviewStatus;
    if (input.decision === 'confirm') {
      if (app.ended_at !== null)
        throw new DomainError('register_review.wrong_state', { review: review.id, state: 'appointment_ended' });
      status = 'confirmed';
    } else if (input.decision === 'end') {
      // a suspended appointment is already ended: its reason moves from 'suspended' to 'register_ineligible'
      if (app.ended_at === null || app.end_reason === 'suspended') {
        await tx
          .updateTable('appointment')
          .set({ ended_at: app.ended_at ?? now, ended_by: by, end_reason: 'register_ineligible' })
          .where('id', '=', app.id)
          .execute();
      }
      status = 'ended';
    } else {
      if (app.end_reason !== 'suspended')
        throw new DomainError('register_review.wrong_state', { review: review.id, state: 'appointment_ended' });
      if (app.kind === 'main') await requireNoOtherMain(tx, enterprise, 'register_review.main_taken');
      // a right created again: a link of its number waits for it (review 8, finding 2)
      await holdNumberAgainstLink(tx, deps, app.person_number);
      await tx
        .updateTable('appointment')
        .set({ ended_at: null, ended_by: null, end_reason: null })
        .where('id', '=', app.id)
        .where('end_reason', '=', 'suspended')
        .execute();
      status = 'restored';
    }
    await tx
      .updateTable('register_review')
      .set({ status, decided_by: by, decided_at: now, decision_reason: reason })
      .where('id', '=', review.id)
      .where('status', '=', review.status)
      .execute();
    const backing = await eligibility(tx, deps.registers, enterprise, review.person_number, nowDate);
    const holder = await personContact(tx, review.person_number);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: ACTION[input.decision],
      target: review.person_number,
      before: { review: review.id, status: review.status },
      after: {
        review: review.id,
        appointment: app.id,
        kind: app.kind,
        status,
        reason,
        source: review.import_id,
        isEligibleNow: backing.isEligible,
      },
      procedure: app.procedure,
      mails: endedElsewhere
        ? []
        : [
            ...(input.decision === 'confirm' || (input.decision === 'end' && app.end_reason === 'suspended')
              ? []
              : await managementChangedMails(tx, deps, {
                  enterprise,
                  role: app.kind as 'main' | 'co_main',
                  person: review.person_number,
                  change: input.decision === 'end' ? 'ended' : 'appointed',
                  procedure: app.procedure,
                  at: now,
                })),
            ...(input.decision === 'end'
              ? [
                  {
                    to: app.email,
                    language: holder.language,
                    template: 'appointment_ended',
                    params: {
                      role: app.kind,
                      enterprise,
                      enterpriseName: await enterpriseName(tx, enterprise),
                      reason: 'register_ineligible',
                    },
                  },
                ]
              : []),
          ],
      event: {
        type: ACTION[input.decision],
        data: { review: review.id, appointment: app.id, person: review.person_number, kind: app.kind },
      },
    });
    return { id: review.id, status };
  });
}
