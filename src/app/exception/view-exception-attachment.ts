import { DomainError } from '../../domain/errors.ts';
import type { Ctx } from '../shared/record.ts';
import { record } from '../shared/record.ts';
import { attachmentStoreOf, type ExceptionDeps, requireOperator, SERVICE_DESK } from './shared.ts';

/** An attachment's content, for an operator only; every opening is audited. */
export async function viewExceptionAttachment(
  deps: ExceptionDeps,
  ctx: Ctx,
  input: { requestId: string; attachmentId: string },
) {
  const now = deps.clock.now().toISOString();
  const a = await deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const row = await tx
      .selectFrom('exception_attachment')
      .innerJoin('exception_request', 'exception_request.id', 'exception_attachment.request_id')
      .select([
        'exception_attachment.sha256',
        'exception_attachment.content_type',
        'exception_attachment.filename',
        'exception_request.reference',
        'exception_request.enterprise_number',
      ])
      .where('exception_attachment.id', '=', input.attachmentId)
      .where('exception_attachment.request_id', '=', input.requestId)
      .executeTakeFirst();
    if (!row) throw new DomainError('attachment.not_found');
    await record(tx, deps, ctx, {
      at: now,
      actorRole: SERVICE_DESK,
      enterprise: row.enterprise_number,
      action: 'exception_request.attachment_viewed',
      target: row.reference,
      after: { operator, attachment: input.attachmentId, sha256: row.sha256 },
      procedure: 'exception',
    });
    return row;
  });
  const bytes = await attachmentStoreOf(deps).get(a.sha256);
  return { bytes, contentType: a.content_type, filename: a.filename };
}
