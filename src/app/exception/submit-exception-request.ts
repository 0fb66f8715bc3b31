import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/actor.ts';
import { brusselsDate, parseCalendarDay } from '../../domain/brussels-time.ts';
import { DomainError } from '../../domain/errors.ts';
import { isValidProof } from '../../domain/proof-of-work.ts';
import type { Deps } from '../deps.ts';
import { requireEmail, requireEnterpriseNumber, requirePersonId, requirePhone } from '../shared/input.ts';
import { enterpriseName, record } from '../shared/record.ts';
import {
  actorId,
  addHistory,
  CODE_TTL_MS,
  type Lang,
  newCode,
  newReference,
  REQUESTER,
  reasons,
  requesterCtx,
  requesterMail,
  sha256,
  targetDate,
} from './shared.ts';
import { checkFiles, type IncomingFile, insertAttachments, storeFiles } from './store-attachments.ts';

export interface IdDocument {
  type: string;
  number: string;
  issuingCountry: string;
  expiry: string;
}

export interface RequesterInput {
  familyName: string;
  givenName: string;
  /** national or BIS number, when the requester has one */
  personNumber?: string;
  /** a foreign identity document, when the requester has no Belgian number */
  idDocument?: IdDocument;
  /** the capacity in which they represent the enterprise (director, manager, mandatary...) */
  capacity: string;
  email: string;
  phone?: string;
  language: Lang;
}

export interface ProposedInput {
  personNumber: string;
  familyName: string;
  givenName: string;
  email: string;
  phone: string;
}

export interface SubmitInput {
  enterprise: string;
  requester: RequesterInput;
  proposed: ProposedInput;
  reason: string;
  reasonText?: string;
  challenge: string;
  nonce: string;
  attachments: IncomingFile[];
}

function invalid(field: string, reason: string): never {
  throw new DomainError('validation.invalid_input', { field, reason });
}

function checkRequester(r: RequesterInput, today: string) {
  const personNumber = r.personNumber ? requirePersonId(r.personNumber, 'requester.personNumber') : null;
  let idDocument: IdDocument | null = null;
  if (r.idDocument) {
    const d = r.idDocument;
    if (!/^[A-Z]{2}$/.test(d.issuingCountry.toUpperCase()))
      invalid('requester.idDocument.issuingCountry', 'ISO 3166 alpha-2 code');
    // a calendar day that exists: Date.parse rolls 2031-02-30 into March (issue 14, item 2)
    if (!parseCalendarDay(d.expiry)) invalid('requester.idDocument.expiry', 'a date YYYY-MM-DD');
    if (d.expiry < today) invalid('requester.idDocument.expiry', 'the document has expired');
    idDocument = {
      type: d.type,
      number: d.number.trim(),
      issuingCountry: d.issuingCountry.toUpperCase(),
      expiry: d.expiry,
    };
  }
  if (!personNumber && !idDocument) invalid('requester', 'a national/BIS number or an identity document is needed');
  return {
    familyName: r.familyName.trim(),
    givenName: r.givenName.trim(),
    personNumber,
    idDocument,
    capacity: r.capacity.trim(),
    email: requireEmail(r.email, 'requester.email'),
    phone: r.phone ? requirePhone(r.phone, 'requester.phone') : null,
    language: r.language,
  };
}

/**
 * The public request of the exception procedure. Cheap checks first (input, attachments by
 * content, the proof of work), so that abuse costs the abuser and not the database.
 */
export async function submitExceptionRequest(
  deps: Deps,
  actor: Actor | undefined,
  input: SubmitInput,
  requestId?: string,
) {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const enterprise = requireEnterpriseNumber(input.enterprise);
  const requester = checkRequester(input.requester, brusselsDate(nowDate));
  const proposed = {
    person: requirePersonId(input.proposed.personNumber, 'proposed.personNumber'),
    familyName: input.proposed.familyName.trim(),
    givenName: input.proposed.givenName.trim(),
    email: requireEmail(input.proposed.email, 'proposed.email'),
    phone: requirePhone(input.proposed.phone, 'proposed.phone'),
  };
  if (!(reasons as readonly string[]).includes(input.reason)) invalid('reason', `one of ${reasons.join(', ')}`);
  const reasonText = input.reasonText?.trim() || null;
  if (input.reason === 'other' && !reasonText) invalid('reasonText', 'needed when the reason is "other"');
  const files = checkFiles(deps, input.attachments, 0);

  // The proof of work is spent whatever happens next: one challenge, one attempt.
  const challenge = await deps.db.db
    .selectFrom('exception_challenge')
    .selectAll()
    .where('challenge', '=', input.challenge)
    .executeTakeFirst();
  if (!challenge || challenge.used_at !== null || challenge.expires_at < now) {
    throw new DomainError('exception.challenge_invalid', {
      reason: !challenge ? 'unknown' : challenge.used_at ? 'used' : 'expired',
    });
  }
  const spent = await deps.db.db
    .updateTable('exception_challenge')
    .set({ used_at: now })
    .where('challenge', '=', input.challenge)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) throw new DomainError('exception.challenge_invalid', { reason: 'used' });
  if (!isValidProof(challenge.challenge, challenge.difficulty, input.nonce)) {
    throw new DomainError('exception.challenge_invalid', { reason: 'wrong_nonce' });
  }

  const exists = await deps.registers.enterprise(deps.db.db, enterprise);
  if (!exists) throw new DomainError('enterprise.not_found', { enterprise });

  const stored = await storeFiles(deps, files);
  const reference = newReference();
  const code = newCode();
  const id = randomUUID();
  const target = targetDate(nowDate, deps.config.exception.targetWorkingDays);
  const ctx = requesterCtx(reference, actor, requestId);
  const by = actorId(ctx.actor) ?? REQUESTER;

  return deps.db.unitOfWork(async (tx) => {
    const row = {
      id,
      reference,
      enterprise_number: enterprise,
      status: 'submitted' as const,
      reason: input.reason,
      reason_text: reasonText,
      requester_json: JSON.stringify(requester),
      requester_email: requester.email,
      language: requester.language,
      submitted_by: actor ? actorId(actor) : null,
      proposed_person: proposed.person,
      proposed_family_name: proposed.familyName,
      proposed_given_name: proposed.givenName,
      proposed_email: proposed.email,
      proposed_phone: proposed.phone,
      submitted_at: now,
      updated_at: now,
      target_date: target,
      follow_code_hash: sha256(code),
      follow_code_expires_at: new Date(nowDate.getTime() + CODE_TTL_MS).toISOString(),
      follow_code_attempts: 0,
      approved_by: null,
      approved_at: null,
      override_reason: null,
      confirmed_by: null,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      appointment_id: null,
    };
    await tx.insertInto('exception_request').values(row).execute();
    const attachments = await insertAttachments(tx, id, now, by, stored);
    await addHistory(tx, {
      requestId: id,
      at: now,
      actor: by,
      role: REQUESTER,
      action: 'submitted',
      details: { attachments: attachments.length },
    });
    const name = await enterpriseName(tx, enterprise);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: REQUESTER,
      enterprise,
      action: 'exception_request.submitted',
      target: reference,
      after: { id, reason: input.reason, proposed: proposed.person, attachments: attachments.map((a) => a.sha256) },
      procedure: 'exception',
      mails: [requesterMail(row, 'exception_submitted', { code, enterpriseName: name, targetDate: target }, deps)],
    });
    return { reference, status: row.status, submittedAt: now, targetDate: target };
  });
}
