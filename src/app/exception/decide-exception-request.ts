import { brusselsDateTime } from '../../domain/brussels-time.ts';
import { DomainError } from '../../domain/errors.ts';
import { ownValue } from '../../domain/own.ts';
import { parsePersonId } from '../../domain/person-id.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { ExceptionRequestTable, ExceptionStatus } from '../../infra/db/schema.ts';
import { ACTIVE_STATUS, type Registers } from '../../ports.ts';
import { installMainAppointment, notEligible } from '../appoint-main-access-manager.ts';
import type { Deps } from '../deps.ts';
import { type Ctx, enterpriseName, record } from '../shared/record.ts';
import { eligibility } from '../shared/roles.ts';
import {
  addHistory,
  CODE_TTL_MS,
  loadRequest,
  newCode,
  requesterMail,
  requireOperator,
  SERVICE_DESK,
  sha256,
  transition,
} from './shared.ts';

export type Decision = 'ask_info' | 'reject' | 'approve' | 'confirm';

export interface DecideInput {
  id: string;
  decision: Decision;
  /** the question (ask_info) or the reason (reject), mailed to the requester */
  message?: string;
  /** approve: records why the eligibility rule is set aside (the proposed person is neither employee nor LR) */
  overrideReason?: string;
}

/** Which decision may be taken from which status. */
const allowedFrom: Record<Decision, ExceptionStatus[]> = {
  ask_info: ['submitted', 'answered', 'info_requested'],
  reject: ['submitted', 'answered', 'info_requested', 'pending_confirmation'],
  approve: ['submitted', 'answered', 'info_requested'],
  confirm: ['pending_confirmation'],
};

function needText(v: string | undefined, field: string): string {
  const t = v?.trim();
  if (!t) throw new DomainError('validation.invalid_input', { field, reason: 'required for this decision' });
  if (t.length > 5000) throw new DomainError('validation.invalid_input', { field, reason: 'at most 5000 characters' });
  return t;
}

/**
 * A service desk decision: ask for more information, reject with a reason, approve. Approval
 * installs the main access manager (procedure exception, the request as evidence) under the
 * eligibility rule unless an override reason is recorded; with four eyes on, it waits for a
 * second operator's confirmation, and the approver can never be that second operator.
 */
export async function decideExceptionRequest(deps: Deps, ctx: Ctx, input: DecideInput) {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    // Own property only: a decision named 'constructor' or '__proto__' is no decision (issue 13, finding 14).
    const from = ownValue(allowedFrom, input.decision);
    if (!from) throw new DomainError('validation.invalid_input', { field: 'decision', reason: 'unknown decision' });
    const r = await loadRequest(tx, deps.db.engine, input.id);
    if (!from.includes(r.status)) {
      throw new DomainError('exception.invalid_transition', { currentStatus: r.status, decision: input.decision });
    }
    // Nobody decides a request that names them, or that they sent themselves, whatever the
    // route of submission: logged in or anonymous, number in any spelling (issue 13, finding 6).
    if (peopleOf(r).has(operator)) throw new DomainError('exception.conflict_of_interest');
    const name = await enterpriseName(tx, r.enterprise_number);
    const base = {
      at: now,
      actorRole: SERVICE_DESK,
      enterprise: r.enterprise_number,
      target: r.reference,
      procedure: 'exception' as const,
    };
    const mailParams = { enterpriseName: name };

    if (input.decision === 'ask_info') {
      const question = needText(input.message, 'message');
      // The question comes with a fresh one-time code: the code of the first mail works once and
      // has most likely been used, and the requester needs one to answer (issue 16, item 9).
      const code = newCode();
      const codeExpiresAt = new Date(nowDate.getTime() + CODE_TTL_MS);
      await transition(
        tx,
        r,
        'info_requested',
        {
          follow_code_hash: sha256(code),
          follow_code_expires_at: codeExpiresAt.toISOString(),
          follow_code_attempts: 0,
        },
        now,
      );
      await addHistory(tx, {
        requestId: r.id,
        at: now,
        actor: operator,
        role: SERVICE_DESK,
        action: 'info_requested',
        message: question,
      });
      await record(tx, deps, ctx, {
        ...base,
        action: 'exception_request.info_requested',
        before: { status: r.status },
        after: { status: 'info_requested', question },
        mails: [
          requesterMail(
            r,
            'exception_info',
            { ...mailParams, question, code, codeExpires: brusselsDateTime(codeExpiresAt).slice(0, 16) },
            deps,
          ),
        ],
      });
      return { reference: r.reference, status: 'info_requested' as const, appointment: null };
    }

    if (input.decision === 'reject') {
      const reason = needText(input.message, 'message');
      await transition(tx, r, 'rejected', { decided_by: operator, decided_at: now, decision_reason: reason }, now);
      await addHistory(tx, {
        requestId: r.id,
        at: now,
        actor: operator,
        role: SERVICE_DESK,
        action: 'rejected',
        message: reason,
      });
      await record(tx, deps, ctx, {
        ...base,
        action: 'exception_request.rejected',
        before: { status: r.status },
        after: { status: 'rejected', reason },
        mails: [requesterMail(r, 'exception_rejected', { ...mailParams, reason }, deps)],
      });
      return { reference: r.reference, status: 'rejected' as const, appointment: null };
    }

    if (input.decision === 'approve') {
      const overrideReason = input.overrideReason?.trim() || null;
      const elig = await checkApprovable(tx, deps.registers, r, nowDate, overrideReason);
      const note = input.message?.trim() || null;
      if (deps.config.exception.fourEyes) {
        await transition(
          tx,
          r,
          'pending_confirmation',
          { approved_by: operator, approved_at: now, override_reason: overrideReason },
          now,
        );
        await addHistory(tx, {
          requestId: r.id,
          at: now,
          actor: operator,
          role: SERVICE_DESK,
          action: 'approval_proposed',
          message: note,
          details: { overrideReason },
        });
        await record(tx, deps, ctx, {
          ...base,
          action: 'exception_request.approval_proposed',
          before: { status: r.status },
          after: { status: 'pending_confirmation', overrideReason },
          mails: [requesterMail(r, 'exception_pending', mailParams, deps)],
        });
        return { reference: r.reference, status: 'pending_confirmation' as const, appointment: null };
      }
      return approve(tx, deps, ctx, r, elig, {
        approvedBy: operator,
        confirmedBy: null,
        overrideReason,
        note,
        now,
        name,
      });
    }

    // confirm: the second pair of eyes
    if (r.approved_by === operator) throw new DomainError('exception.four_eyes_same_operator');
    // The register may have changed since the first approval: the rule is checked again.
    const elig = await checkApprovable(tx, deps.registers, r, nowDate, r.override_reason);
    return approve(tx, deps, ctx, r, elig, {
      approvedBy: r.approved_by,
      confirmedBy: operator,
      overrideReason: r.override_reason,
      note: input.message?.trim() || null,
      now,
      name,
    });
  });
}

/** The national/BIS numbers a request names: the appointee, the requester (as they stated it) and who sent it. */
function peopleOf(r: ExceptionRequestTable): Set<string> {
  let stated: unknown;
  try {
    stated = (JSON.parse(r.requester_json) as { personNumber?: unknown }).personNumber;
  } catch {
    stated = undefined;
  }
  const out = new Set<string>();
  for (const raw of [r.proposed_person, r.submitted_by, stated]) {
    if (typeof raw !== 'string' || raw === '') continue;
    const parsed = parsePersonId(raw);
    if (parsed.ok) out.add(parsed.value.id);
  }
  return out;
}

/** The enterprise must exist and be active, and the proposed person eligible unless overridden. */
async function checkApprovable(
  tx: Tx,
  registers: Registers,
  r: ExceptionRequestTable,
  now: Date,
  overrideReason: string | null,
) {
  const enterprise = await tx
    .selectFrom('enterprise')
    .select('status')
    .where('number', '=', r.enterprise_number)
    .executeTakeFirst();
  if (!enterprise) throw new DomainError('enterprise.not_found', { enterprise: r.enterprise_number });
  if (enterprise.status !== ACTIVE_STATUS) throw new DomainError('enterprise.stopped');
  const elig = await eligibility(tx, registers, r.enterprise_number, r.proposed_person, now);
  if (!elig.isEligible && !overrideReason) notEligible('not_employee_nor_legal_representative', r.proposed_person);
  return elig;
}

async function approve(
  tx: Tx,
  deps: Deps,
  ctx: Ctx,
  r: ExceptionRequestTable,
  elig: Awaited<ReturnType<typeof eligibility>>,
  a: {
    approvedBy: string | null;
    confirmedBy: string | null;
    overrideReason: string | null;
    note: string | null;
    now: string;
    name: string;
  },
) {
  const installed = await installMainAppointment(tx, deps, ctx, {
    enterprise: r.enterprise_number,
    person: r.proposed_person,
    email: r.proposed_email,
    phone: r.proposed_phone,
    procedure: 'exception',
    actorRole: SERVICE_DESK,
    exceptionRequestId: r.id,
    now: a.now,
    eligibility: elig,
    overrideReason: elig.isEligible ? undefined : (a.overrideReason ?? undefined),
  });
  const operator = ctx.actor.personNumber;
  await transition(
    tx,
    r,
    'approved',
    {
      approved_by: a.approvedBy,
      approved_at: r.approved_at ?? a.now,
      confirmed_by: a.confirmedBy,
      decided_by: operator,
      decided_at: a.now,
      appointment_id: installed.appointment.id,
    },
    a.now,
  );
  await addHistory(tx, {
    requestId: r.id,
    at: a.now,
    actor: operator,
    role: SERVICE_DESK,
    action: 'approved',
    message: a.note,
    details: {
      appointment: installed.appointment.id,
      replaced: installed.replaced?.person_number ?? null,
      overrideReason: a.overrideReason,
      confirmedBy: a.confirmedBy,
    },
  });
  await record(tx, deps, ctx, {
    at: a.now,
    actorRole: SERVICE_DESK,
    enterprise: r.enterprise_number,
    action: 'exception_request.approved',
    target: r.reference,
    before: { status: r.status },
    after: {
      status: 'approved',
      appointment: installed.appointment.id,
      approvedBy: a.approvedBy,
      confirmedBy: a.confirmedBy,
      overrideReason: a.overrideReason,
    },
    procedure: 'exception',
    mails: [
      requesterMail(
        r,
        'exception_approved',
        { enterpriseName: a.name, person: `${r.proposed_given_name} ${r.proposed_family_name}` },
        deps,
      ),
    ],
  });
  return { reference: r.reference, status: 'approved' as const, appointment: installed.appointment };
}
