/**
 * What a register change does to the rights btb holds (issue 17, section 1). The import (or a live
 * register adapter) names the enterprises it touched and itself; for each, in one transaction:
 * - a stopped enterprise (or one gone from the register): every right for it ends at once, its
 *   appointments, grants and the mandates of which it is a party. Nothing comes back when it
 *   restarts: the rows are ended, not hidden, so the lists, the pages and the check agree;
 * - a main or co-main access manager who is no longer employee nor legal representative is put
 *   under review for BTB_REGISTER_GRACE_DAYS: the legal representatives confirm or end them, and
 *   suspendOverdueAppointments() (suspend-overdue-appointments.ts) suspends the unconfirmed at the
 *   end of the period;
 * - a review whose holder is backed again (a new employment) is resolved.
 * Every effect is audited with the import that caused it (request_id `import:<id>`), and the
 * enterprise's legal representatives and main/co-main managers are told by mail in their language.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor.ts';
import type { Tx } from '../infra/db/database.ts';
import type { Deps } from './deps.ts';
import { findIneligibleAppointments } from './list-ineligible-appointments.ts';
import { legalRepresentativeContacts, loadMandateFor, recordBothSides } from './mandates/shared.ts';
import { type Ctx, enterpriseName, record } from './shared/record.ts';
import { eligibility } from './shared/roles.ts';

/** The register acts, not a person: audit events carry no actor, and the import in request_id. */
export const REGISTER: Actor = { personNumber: null, loa: 'low', means: 'token', via: 'bearer' };
export const REGISTER_ROLE = 'administrator';
export const ENDED_BY = 'system:register';

export interface RegisterEffects {
  enterprisesStopped: number;
  appointmentsEnded: number;
  grantsRevoked: number;
  mandatesEnded: number;
  reviewsOpened: number;
  reviewsResolved: number;
}

/** Who is told about a register change: the current legal representatives and main/co-main managers. */
export async function registerAudience(
  tx: Tx,
  enterprise: string,
  now: Date,
  extra: { to: string; language: string }[] = [],
) {
  const lrs = await legalRepresentativeContacts(tx, enterprise, now);
  // alike sideContacts' managers (mandates/shared.ts), which asks who is in force now; a register
  // change tells every main and co-main not yet ended, run out by date or not, and the LRs too
  const managers = await tx
    .selectFrom('appointment')
    .leftJoin('person', 'person.number', 'appointment.person_number')
    .select(['appointment.email', 'person.language'])
    .where('appointment.enterprise_number', '=', enterprise)
    .where('appointment.kind', 'in', ['main', 'co_main'])
    .where('appointment.mandate_id', 'is', null)
    .where('appointment.ended_at', 'is', null)
    .execute();
  const all = [...lrs, ...managers.map((m) => ({ to: m.email, language: m.language ?? 'nl' })), ...extra].filter(
    (x) => x.to,
  );
  return [...new Map(all.map((x) => [x.to.toLowerCase(), x])).values()];
}

export function mailsTo(
  audience: { to: string; language: string }[],
  template: string,
  params: Record<string, unknown>,
) {
  return audience.map((a) => ({ to: a.to, language: a.language, template, params }));
}

/**
 * Applies the registers as they are now to the rights of these enterprises. Idempotent: a second
 * run finds nothing left to end and no appointment without its review.
 */
export async function applyRegisterChanges(
  deps: Deps,
  input: { source: string; enterprises: Iterable<string> },
): Promise<RegisterEffects> {
  const out: RegisterEffects = {
    enterprisesStopped: 0,
    appointmentsEnded: 0,
    grantsRevoked: 0,
    mandatesEnded: 0,
    reviewsOpened: 0,
    reviewsResolved: 0,
  };
  const ctx: Ctx = { actor: REGISTER, requestId: input.source };
  for (const enterprise of [...new Set(input.enterprises)].sort()) {
    await deps.db.unitOfWork(async (tx) => {
      const now = deps.clock.now();
      const facts = await deps.registers.enterprise(tx, enterprise);
      if (!facts?.isActive) await endEverything(tx, deps, ctx, enterprise, facts?.status ?? null, now, out);
      else await reviewEligibility(tx, deps, ctx, enterprise, now, out);
    });
  }
  return out;
}

async function endEverything(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  enterprise: string,
  status: string | null,
  nowDate: Date,
  out: RegisterEffects,
): Promise<void> {
  const now = nowDate.toISOString();
  // told before the managers' appointments end, so that they are among those told
  const audience = await registerAudience(tx, enterprise, nowDate);
  const appointments = await tx
    .selectFrom('appointment')
    .select(['id', 'kind', 'person_number', 'domain', 'mandate_id'])
    .where('enterprise_number', '=', enterprise)
    .where('ended_at', 'is', null)
    .execute();
  const grants = await tx
    .selectFrom('access_grant')
    .select(['id'])
    .where('enterprise_number', '=', enterprise)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
    .execute();
  const mandates = await tx
    .selectFrom('mandate')
    .select(['id', 'mandator_number', 'mandatary_number', 'status'])
    .where((eb) => eb.or([eb('mandator_number', '=', enterprise), eb('mandatary_number', '=', enterprise)]))
    .where('status', 'in', ['active', 'proposed'])
    .execute();
  if (appointments.length === 0 && grants.length === 0 && mandates.length === 0) return;

  if (appointments.length) {
    await tx
      .updateTable('appointment')
      .set({ ended_at: now, ended_by: ENDED_BY, end_reason: 'enterprise_stopped' })
      .where('enterprise_number', '=', enterprise)
      .where('ended_at', 'is', null)
      .execute();
  }
  if (grants.length) {
    await tx
      .updateTable('access_grant')
      .set({ revoked_at: now, revoked_by: 'system:enterprise_stopped' })
      .where(
        'id',
        'in',
        grants.map((g) => g.id),
      )
      .execute();
  }
  await tx
    .updateTable('register_review')
    .set({ status: 'ended', decided_at: now, decided_by: ENDED_BY, decision_reason: 'enterprise_stopped' })
    .where('enterprise_number', '=', enterprise)
    .where('status', 'in', ['pending', 'confirmed', 'suspended'])
    .execute();
  for (const m of mandates) {
    const side = m.mandator_number === enterprise ? ('mandator' as const) : ('mandatary' as const);
    const { mandate } = await loadMandateFor(tx, enterprise, m.id);
    const ended = {
      status: m.status === 'proposed' ? ('lapsed' as const) : ('ended' as const),
      ended_by: ENDED_BY,
      ended_by_side: side,
      ended_at: now,
      end_reason: 'enterprise_stopped',
      updated_at: now,
    };
    await tx.updateTable('mandate').set(ended).where('id', '=', m.id).execute();
    // the rows held under the mandate at the other party end with it
    await tx
      .updateTable('appointment')
      .set({ ended_at: now, ended_by: ENDED_BY, end_reason: 'mandate_ended' })
      .where('mandate_id', '=', m.id)
      .where('ended_at', 'is', null)
      .execute();
    await tx
      .updateTable('access_grant')
      .set({ revoked_at: now, revoked_by: 'system:mandate_ended' })
      .where('mandate_id', '=', m.id)
      .where('revoked_at', 'is', null)
      .execute();
    await recordBothSides(tx, deps, ctx, {
      at: now,
      actorRole: REGISTER_ROLE,
      actingSide: side,
      action: m.status === 'proposed' ? 'mandate.lapsed' : 'mandate.ended',
      mandate: { ...mandate, ...ended },
      before: { status: m.status },
      extra: { reason: 'enterprise_stopped', stopped: enterprise, source: ctx.requestId },
      template: m.status === 'proposed' ? 'mandate_lapsed' : 'mandate_ended',
      now: nowDate,
    });
    out.mandatesEnded++;
  }
  out.enterprisesStopped++;
  out.appointmentsEnded += appointments.length;
  out.grantsRevoked += grants.length;
  await record(tx, deps, ctx, {
    at: now,
    actorRole: REGISTER_ROLE,
    enterprise,
    action: 'register.enterprise_stopped',
    target: enterprise,
    before: { status: 'AC' },
    after: {
      status,
      source: ctx.requestId,
      appointments: appointments.map((a) => ({ id: a.id, kind: a.kind, person: a.person_number })),
      grants: grants.length,
      mandates: mandates.map((m) => m.id),
    },
    mails: mailsTo(audience, 'register_enterprise_stopped', {
      enterprise,
      enterpriseName: await enterpriseName(tx, enterprise),
      status,
      appointments: appointments.length,
      grants: grants.length,
      mandates: mandates.length,
    }),
    event: { type: 'register.enterprise_stopped', data: { status, source: ctx.requestId } },
  });
}

async function reviewEligibility(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  enterprise: string,
  nowDate: Date,
  out: RegisterEffects,
): Promise<void> {
  const now = nowDate.toISOString();
  const open = await tx
    .selectFrom('register_review')
    .selectAll()
    .where('enterprise_number', '=', enterprise)
    .where('status', 'in', ['pending', 'confirmed'])
    .execute();
  // a pending review whose holder is backed again closes by itself
  for (const r of open.filter((r) => r.status === 'pending')) {
    const e = await eligibility(tx, deps.registers, enterprise, r.person_number, nowDate);
    if (!e.isEligible) continue;
    await tx
      .updateTable('register_review')
      .set({ status: 'resolved', decided_at: now, decided_by: ENDED_BY, decision_reason: 'eligible_again' })
      .where('id', '=', r.id)
      .execute();
    await record(tx, deps, ctx, {
      at: now,
      actorRole: REGISTER_ROLE,
      enterprise,
      action: 'register.review_resolved',
      target: r.person_number,
      before: { review: r.id, status: 'pending' },
      after: { review: r.id, status: 'resolved', source: ctx.requestId },
    });
    out.reviewsResolved++;
  }
  const reviewed = new Set(open.map((r) => r.appointment_id));
  const graceUntil = new Date(nowDate.getTime() + deps.config.registerChanges.graceDays * 86_400_000).toISOString();
  const name = await enterpriseName(tx, enterprise);
  for (const a of await findIneligibleAppointments(tx, deps.registers, enterprise, nowDate)) {
    if (a.reason !== 'not_employee_nor_legal_representative' || reviewed.has(a.id)) continue;
    const id = randomUUID();
    await tx
      .insertInto('register_review')
      .values({
        id,
        appointment_id: a.id,
        enterprise_number: enterprise,
        person_number: a.person,
        kind: a.kind as 'main' | 'co_main',
        reason: a.reason,
        import_id: ctx.requestId ?? null,
        detected_at: now,
        grace_until: graceUntil,
        status: 'pending',
        decided_by: null,
        decided_at: null,
        decision_reason: null,
      })
      .execute();
    const audience = await registerAudience(tx, enterprise, nowDate);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: REGISTER_ROLE,
      enterprise,
      action: 'register.appointment_ineligible',
      target: a.person,
      after: { review: id, appointment: a.id, kind: a.kind, graceUntil, source: ctx.requestId },
      mails: mailsTo(audience, 'register_appointment_ineligible', {
        enterprise,
        enterpriseName: name,
        role: a.kind,
        name: a.name ?? a.person,
        graceUntil,
        review: id,
        link: `${deps.config.publicUrl}/enterprises/${enterprise}/register-reviews`,
      }),
      event: {
        type: 'register.appointment_ineligible',
        data: { review: id, appointment: a.id, person: a.person, kind: a.kind, graceUntil },
      },
    });
    out.reviewsOpened++;
  }
}
