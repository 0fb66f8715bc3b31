/**
 * "This was not us" (issue 17, section 2): a legal representative reports a main or co-main
 * appointment of their enterprise to the service desk. An exception-procedure appointment (made
 * by the desk on documents, so the one a forger would aim at) is suspended at once, pending the
 * desk's review; a standard-procedure one (made by a legal representative with eID) is only
 * reported, because a legal representative can end it themself. The desk then restores the
 * appointment or ends it for good; the reporter is told by mail. Every step is audited, and the
 * legal representatives hear of every change to the main and co-main (management-changed.ts).
 */
import { randomUUID } from 'node:crypto';
import { normaliseText } from '../../domain/access-request-rules.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppointmentReportTable } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import { requireOperator, SERVICE_DESK } from '../exception/shared.ts';
import { authorizeIn } from '../shared/guard.ts';
import { requireEnterpriseNumber } from '../shared/input.ts';
import { personNames } from '../shared/person-names.ts';
import { holdNumberAgainstLink } from '../shared/person-number-lock.ts';
import { type Ctx, enterpriseName, type MailTo, personContact, record } from '../shared/record.ts';
import { requireNoOtherMain } from '../shared/roles.ts';
import { SUSPENDED_PENDING_REVIEW } from './get-management-tree.ts';
import { managementChangedMails } from './management-changed.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const REPORT_DECISIONS = ['restore', 'end'] as const;
export type ReportDecision = (typeof REPORT_DECISIONS)[number];

/**
 * A report's or a decision's reason: the free-text rule of every text a person reads in a page or
 * a mail (normaliseText: line breaks allowed, no control, bidirectional or zero-width characters),
 * and at least 3 characters, so that the desk has something to go on.
 */
function requireText(raw: unknown, field: string): string {
  const text = normaliseText(raw, field, 1000, true) ?? '';
  if ([...text].length < 3)
    throw new DomainError('validation.invalid_input', { field, reason: 'at least 3 characters', rule: 'reason' });
  return text;
}

/** POST /api/v1/enterprises/{en}/appointments/{id}/reports: a legal representative, high assurance. */
export async function reportAppointment(
  deps: Deps,
  ctx: Ctx,
  input: { enterprise: string; appointment: string; reason: unknown },
) {
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const note = requireText(input.reason, 'reason');
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const role = await authorizeIn(tx, deps, ctx.actor, 'appointment.report', enterprise, nowDate);
    const app = UUID.test(input.appointment)
      ? await tx
          .selectFrom('appointment')
          .selectAll()
          .where('id', '=', input.appointment)
          .where('enterprise_number', '=', enterprise)
          .where('kind', 'in', ['main', 'co_main'])
          .where('mandate_id', 'is', null)
          .executeTakeFirst()
      : undefined;
    if (!app) throw new DomainError('appointment.not_found', { appointment: input.appointment });
    if (app.ended_at !== null)
      throw new DomainError('appointment_report.not_reportable', { appointment: app.id, state: 'ended' });
    const open = await tx
      .selectFrom('appointment_report')
      .select('id')
      .where('appointment_id', '=', app.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (open) throw new DomainError('appointment_report.already_open', { report: open.id });
    const isSuspended = app.procedure === 'exception';
    if (isSuspended) {
      await tx
        .updateTable('appointment')
        .set({ ended_at: now, ended_by: ctx.actor.personNumber, end_reason: SUSPENDED_PENDING_REVIEW })
        .where('id', '=', app.id)
        .where('ended_at', 'is', null)
        .execute();
    }
    const report: AppointmentReportTable = {
      id: randomUUID(),
      enterprise_number: enterprise,
      appointment_id: app.id,
      reported_by: ctx.actor.personNumber!,
      reported_at: now,
      note,
      suspended: isSuspended ? 1 : 0,
      status: 'open',
      decided_by: null,
      decided_at: null,
      decision_note: null,
    };
    await tx.insertInto('appointment_report').values(report).execute();
    const holder = await personContact(tx, app.person_number);
    const name = await enterpriseName(tx, enterprise);
    const mails: MailTo[] = isSuspended
      ? [
          {
            to: app.email,
            language: holder.language,
            template: 'appointment_ended',
            params: { role: app.kind, enterprise, enterpriseName: name, reason: SUSPENDED_PENDING_REVIEW },
          },
          ...(await managementChangedMails(tx, deps, {
            enterprise,
            role: app.kind as 'main' | 'co_main',
            person: app.person_number,
            change: 'ended',
            procedure: app.procedure,
            at: now,
          })),
        ]
      : [];
    await record(tx, deps, ctx, {
      at: now,
      actorRole: role,
      enterprise,
      action: 'appointment.reported',
      target: app.person_number,
      before: { appointment: app.id, kind: app.kind, ended: false },
      after: { report: report.id, appointment: app.id, kind: app.kind, suspended: isSuspended, note },
      procedure: app.procedure,
      mails,
      event: isSuspended
        ? {
            type: 'access_manager.removed',
            data: { role: app.kind, person: app.person_number, reason: SUSPENDED_PENDING_REVIEW },
          }
        : undefined,
    });
    return {
      report: { id: report.id, status: report.status, suspended: isSuspended, reportedAt: now },
      appointment: { id: app.id, state: isSuspended ? SUSPENDED_PENDING_REVIEW : 'active' },
    };
  });
}

export interface ReportView {
  id: string;
  enterprise: string;
  enterpriseName: string;
  appointment: string;
  kind: string;
  procedure: string;
  person: string;
  name: string | null;
  appointedAt: string;
  reportedBy: string;
  reportedByName: string | null;
  reportedAt: string;
  note: string | null;
  suspended: boolean;
  status: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

/** GET /api/v1/desk/appointment-reports: the service desk's list, open ones first, oldest first. */
export async function listAppointmentReports(deps: Deps, ctx: Ctx, input: { status?: string }) {
  const status = input.status ?? 'open';
  if (!['open', 'restored', 'upheld'].includes(status))
    throw new DomainError('validation.invalid_input', { field: 'status', accepted: ['open', 'restored', 'upheld'] });
  return deps.db.unitOfWork(async (tx) => {
    await requireOperator(tx, ctx.actor);
    const rows = await tx
      .selectFrom('appointment_report')
      .innerJoin('appointment', 'appointment.id', 'appointment_report.appointment_id')
      .selectAll('appointment_report')
      .select(['appointment.kind', 'appointment.procedure', 'appointment.person_number', 'appointment.valid_from'])
      .where('appointment_report.status', '=', status as AppointmentReportTable['status'])
      .orderBy('appointment_report.reported_at')
      .orderBy('appointment_report.id')
      .limit(500)
      .execute();
    const nameOf = await personNames(
      tx,
      rows.flatMap((r) => [r.person_number, r.reported_by]),
    );
    const items: ReportView[] = [];
    for (const r of rows)
      items.push({
        id: r.id,
        enterprise: r.enterprise_number,
        enterpriseName: await enterpriseName(tx, r.enterprise_number),
        appointment: r.appointment_id,
        kind: r.kind,
        procedure: r.procedure,
        person: r.person_number,
        name: nameOf(r.person_number),
        appointedAt: r.valid_from,
        reportedBy: r.reported_by,
        reportedByName: nameOf(r.reported_by),
        reportedAt: r.reported_at,
        note: r.note,
        suspended: r.suspended === 1,
        status: r.status,
        decidedBy: r.decided_by,
        decidedAt: r.decided_at,
        decisionNote: r.decision_note,
      });
    return { items };
  });
}

/**
 * POST /api/v1/desk/appointment-reports/{id}/decision: `restore` (the appointment was right: a
 * suspended one works again, a standard one simply stays) or `end` (it was not: a suspended one
 * stays ended for good, an active one ends now). Always with a reason; the reporter is told.
 */
export async function decideAppointmentReport(
  deps: Deps,
  ctx: Ctx,
  input: { id: string; decision: string; reason: unknown },
) {
  if (!(REPORT_DECISIONS as readonly string[]).includes(input.decision))
    throw new DomainError('validation.invalid_input', { field: 'decision', accepted: REPORT_DECISIONS });
  const decision = input.decision as ReportDecision;
  const note = requireText(input.reason, 'reason');
  const now = deps.clock.now().toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const report = UUID.test(input.id)
      ? await tx.selectFrom('appointment_report').selectAll().where('id', '=', input.id).executeTakeFirst()
      : undefined;
    if (!report) throw new DomainError('appointment_report.not_found', { report: input.id });
    if (report.status !== 'open')
      throw new DomainError('appointment_report.wrong_state', { report: report.id, state: report.status });
    // Claim the report before touching the appointment: two operators deciding at once both pass
    // the read above on PostgreSQL; the update waits for the other's commit and then finds it decided.
    const status = decision === 'restore' ? 'restored' : 'upheld';
    const claimed = await tx
      .updateTable('appointment_report')
      .set({ status, decided_by: operator, decided_at: now, decision_note: note })
      .where('id', '=', report.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw new DomainError('appointment_report.wrong_state', { report: report.id, state: 'decided' });
    // The desk takes no enterprise lock: on PostgreSQL the appointment row is locked before it is
    // read, as the removals do, so an appointment ended meanwhile is not ended twice (review 6, race 2).
    const appQuery = tx.selectFrom('appointment').selectAll().where('id', '=', report.appointment_id);
    const app = await (deps.db.engine === 'postgres' ? appQuery.forUpdate() : appQuery).executeTakeFirstOrThrow();
    const enterprise = report.enterprise_number;
    const isSuspendedNow = app.end_reason === SUSPENDED_PENDING_REVIEW;
    let change: 'appointed' | 'ended' | null = null;
    if (decision === 'restore' && isSuspendedNow) {
      if (app.kind === 'main') await requireNoOtherMain(tx, enterprise, 'appointment_report.main_taken');
      // a restored appointment is a right created again: a link of its number waits for it, and
      // then sees it (review 5, finding 4; review 8, finding 2)
      await holdNumberAgainstLink(tx, deps, app.person_number);
      await tx
        .updateTable('appointment')
        .set({ ended_at: null, ended_by: null, end_reason: null })
        .where('id', '=', app.id)
        .where('end_reason', '=', SUSPENDED_PENDING_REVIEW)
        .execute();
      change = 'appointed';
    } else if (decision === 'end') {
      if (app.ended_at === null) change = 'ended';
      if (app.ended_at === null || isSuspendedNow) {
        await tx
          .updateTable('appointment')
          .set({ ended_at: app.ended_at ?? now, ended_by: operator, end_reason: 'ended_after_report' })
          .where('id', '=', app.id)
          .execute();
      }
    }
    const reporter = await personContact(tx, report.reported_by);
    const holder = await personContact(tx, app.person_number);
    const name = await enterpriseName(tx, enterprise);
    const mails: MailTo[] = [
      {
        to: reporter.email,
        language: reporter.language,
        template: 'appointment_report_decided',
        params: {
          enterprise,
          enterpriseName: name,
          role: app.kind,
          personName: holder.name ?? app.person_number,
          decision,
          note,
          reportedAt: report.reported_at,
          link: `${deps.config.publicUrl}/enterprises/${enterprise}/management`,
        },
      },
      ...(change
        ? await managementChangedMails(tx, deps, {
            enterprise,
            role: app.kind as 'main' | 'co_main',
            person: app.person_number,
            change,
            procedure: app.procedure,
            at: now,
          })
        : []),
    ];
    await record(tx, deps, ctx, {
      at: now,
      actorRole: SERVICE_DESK,
      enterprise,
      action: decision === 'restore' ? 'appointment.report_restored' : 'appointment.report_upheld',
      target: app.person_number,
      before: { report: report.id, status: 'open', appointmentEndReason: app.end_reason },
      after: { report: report.id, appointment: app.id, status, decision, reason: note, operator },
      procedure: app.procedure,
      mails,
      event: change
        ? change === 'appointed'
          ? { type: 'access_manager.appointed', data: { role: app.kind, person: app.person_number, restored: true } }
          : { type: 'access_manager.removed', data: { role: app.kind, person: app.person_number } }
        : undefined,
    });
    return { report: { id: report.id, status, decidedAt: now } };
  });
}
