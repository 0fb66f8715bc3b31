import { sql } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { record } from '../shared/record.ts';
import { addHistory, REQUESTER, requestByToken, requesterCtx, requesterMail, transition } from './shared.ts';
import { checkFiles, type IncomingFile, insertAttachments, storeFiles } from './store-attachments.ts';

/**
 * The requester answers a question of the service desk and/or adds documents. An answer to a
 * question puts the request back in the queue (status answered); documents alone, on an open
 * request, only join the file. A decided request takes nothing more.
 */
export async function answerExceptionRequest(
  deps: Deps,
  input: { token: string; message?: string; attachments: IncomingFile[] },
  requestId?: string,
) {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const message = input.message?.trim() || null;
  if (message && message.length > 5000)
    throw new DomainError('validation.invalid_input', { field: 'message', reason: 'at most 5000 characters' });
  if (!message && input.attachments.length === 0) {
    throw new DomainError('validation.invalid_input', {
      field: 'message',
      reason: 'a message or a document is needed',
    });
  }
  const before = await requestByToken(deps.db.db, input.token, now);
  if (before.status === 'approved' || before.status === 'rejected') {
    throw new DomainError('exception.closed', { currentStatus: before.status });
  }
  const storedBytes = await deps.db.db
    .selectFrom('exception_attachment')
    .select(sql<number>`coalesce(sum(size_bytes), 0)`.as('total'))
    .where('request_id', '=', before.id)
    .executeTakeFirstOrThrow();
  const files = checkFiles(deps, input.attachments, Number(storedBytes.total));
  const stored = await storeFiles(deps, files);

  return deps.db.unitOfWork(async (tx) => {
    const r = await requestByToken(tx, input.token, now);
    // Checked again here: a decision may have landed while the documents were being stored.
    if (r.status === 'approved' || r.status === 'rejected') {
      throw new DomainError('exception.closed', { currentStatus: r.status });
    }
    const ctx = requesterCtx(r.reference, undefined, requestId);
    const by = `requester:${r.reference}`;
    const attachments = await insertAttachments(tx, r.id, now, by, stored);
    const answersQuestion = r.status === 'info_requested';
    if (answersQuestion) await transition(tx, r, 'answered', {}, now);
    // Same status, but only if nobody decided meanwhile (the documents roll back with it).
    else await transition(tx, r, r.status, {}, now);
    await addHistory(tx, {
      requestId: r.id,
      at: now,
      actor: by,
      role: REQUESTER,
      action: answersQuestion ? 'answered' : 'documents_added',
      message,
      details: { attachments: attachments.map((a) => ({ kind: a.kind, filename: a.filename })) },
    });
    await record(tx, deps, ctx, {
      at: now,
      actorRole: REQUESTER,
      enterprise: r.enterprise_number,
      action: answersQuestion ? 'exception_request.answered' : 'exception_request.documents_added',
      target: r.reference,
      before: { status: r.status },
      after: { status: answersQuestion ? 'answered' : r.status, attachments: attachments.map((a) => a.sha256) },
      procedure: 'exception',
      mails: answersQuestion ? [requesterMail(r, 'exception_answered', {}, deps)] : [],
    });
    return {
      reference: r.reference,
      status: answersQuestion ? ('answered' as const) : r.status,
      attachmentsAdded: attachments.length,
    };
  });
}
