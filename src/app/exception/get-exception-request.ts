import { ACTIVE_STATUS, isoDate } from '../../ports.ts';
import type { Deps } from '../deps.ts';
import { type Ctx, record } from '../shared/record.ts';
import { appointmentActiveAt } from '../shared/roles.ts';
import { attachmentKinds, loadRequest, requireOperator, SERVICE_DESK, timeLeft } from './shared.ts';

/**
 * A request's page for an operator: all its data, its documents, the register's view of the
 * enterprise (functions, stopped or not), its current main access manager, the other requests
 * for the same enterprise, and the history. Reading it is audited, as every operator look-up is.
 */
export async function getExceptionRequest(deps: Deps, ctx: Ctx, input: { id: string }) {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const day = isoDate(nowDate);
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const r = await loadRequest(tx, 'sqlite', input.id); // a read: no row lock needed
    const en = r.enterprise_number;
    const [attachments, history, others, enterprise, names, functions, main] = await Promise.all([
      tx.selectFrom('exception_attachment').selectAll().where('request_id', '=', r.id).orderBy('uploaded_at').execute(),
      tx
        .selectFrom('exception_history')
        .selectAll()
        .where('request_id', '=', r.id)
        .orderBy('at')
        .orderBy('id')
        .execute(),
      tx
        .selectFrom('exception_request')
        .select(['id', 'reference', 'status', 'reason', 'submitted_at', 'proposed_person'])
        .where('enterprise_number', '=', en)
        .where('id', '!=', r.id)
        .orderBy('submitted_at')
        .execute(),
      tx
        .selectFrom('enterprise')
        .select(['number', 'status', 'start_date', 'juridical_form'])
        .where('number', '=', en)
        .executeTakeFirst(),
      tx
        .selectFrom('denomination')
        .select(['denomination', 'language', 'type'])
        .where('entity_number', '=', en)
        .orderBy('type')
        .execute(),
      tx
        .selectFrom('legal_function')
        .leftJoin('person', 'person.number', 'legal_function.person_number')
        .select([
          'legal_function.person_number',
          'legal_function.function_code',
          'legal_function.start_date',
          'legal_function.end_date',
          'person.given_name',
          'person.family_name',
        ])
        .where('legal_function.enterprise_number', '=', en)
        .orderBy('legal_function.start_date')
        .execute(),
      tx
        .selectFrom('appointment')
        .select(['id', 'person_number', 'procedure', 'valid_from', 'email'])
        .where('enterprise_number', '=', en)
        .where('kind', '=', 'main')
        .where(appointmentActiveAt(now))
        .executeTakeFirst(),
    ]);
    const requester = JSON.parse(r.requester_json) as Record<string, unknown>;
    const isOpen = r.status !== 'approved' && r.status !== 'rejected';
    const left = isOpen
      ? timeLeft(r.target_date, nowDate, deps.config.exception.warnWorkingDays)
      : { workingDaysLeft: null, warning: null };
    await record(tx, deps, ctx, {
      at: now,
      actorRole: SERVICE_DESK,
      enterprise: en,
      action: 'exception_request.viewed',
      target: r.reference,
      after: { operator },
      procedure: 'exception',
    });
    const present = new Set(attachments.map((a) => a.kind));
    return {
      id: r.id,
      reference: r.reference,
      status: r.status,
      reason: r.reason,
      reasonText: r.reason_text,
      submittedAt: r.submitted_at,
      updatedAt: r.updated_at,
      targetDate: r.target_date,
      workingDaysLeft: left.workingDaysLeft,
      warning: left.warning,
      submittedBy: r.submitted_by,
      requester,
      proposed: {
        person: r.proposed_person,
        familyName: r.proposed_family_name,
        givenName: r.proposed_given_name,
        email: r.proposed_email,
        phone: r.proposed_phone,
      },
      decision: {
        approvedBy: r.approved_by,
        approvedAt: r.approved_at,
        overrideReason: r.override_reason,
        confirmedBy: r.confirmed_by,
        decidedBy: r.decided_by,
        decidedAt: r.decided_at,
        reason: r.decision_reason,
        appointment: r.appointment_id,
      },
      attachments: attachments.map((a) => ({
        id: a.id,
        kind: a.kind,
        filename: a.filename,
        contentType: a.content_type,
        size: a.size_bytes,
        sha256: a.sha256,
        uploadedAt: a.uploaded_at,
        // POST it to open the document (audited); the answer holds the link that shows it
        url: `/api/v1/service-desk/exception-requests/${r.id}/attachments/${a.id}/views`,
      })),
      missingDocuments: attachmentKinds.filter((k) => k !== 'other' && !present.has(k)),
      register: {
        enterprise: en,
        found: enterprise !== undefined,
        status: enterprise?.status ?? null,
        isStopped: enterprise ? enterprise.status !== ACTIVE_STATUS : null,
        startDate: enterprise?.start_date ?? null,
        names: names.map((n) => ({ name: n.denomination, language: n.language, type: n.type })),
        functions: functions.map((f) => ({
          person: f.person_number,
          name: f.given_name ? `${f.given_name} ${f.family_name}` : null,
          functionCode: f.function_code,
          startDate: f.start_date,
          endDate: f.end_date,
          isCurrent: f.start_date <= day && (f.end_date === null || f.end_date >= day),
        })),
        currentMain: main ? { person: main.person_number, procedure: main.procedure, since: main.valid_from } : null,
      },
      otherRequests: others.map((o) => ({
        id: o.id,
        reference: o.reference,
        status: o.status,
        reason: o.reason,
        submittedAt: o.submitted_at,
        proposedPerson: o.proposed_person,
        isDuplicate: o.status !== 'approved' && o.status !== 'rejected',
      })),
      history: history.map((h) => ({
        at: h.at,
        actor: h.actor,
        role: h.actor_role,
        action: h.action,
        message: h.message,
        details: h.details_json ? (JSON.parse(h.details_json) as unknown) : null,
      })),
    };
  });
}
