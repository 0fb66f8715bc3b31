import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { Queryable } from '../../infra/db/database.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../shared/record.ts';
import { record } from '../shared/record.ts';
import { requireOperator, SERVICE_DESK } from './shared.ts';

/**
 * Opening a document is audited, and an audited act is never a GET (issue 13, finding 9): a page
 * on another site can make an operator's browser send a GET, so a GET that wrote the audit log
 * would let it write "Nadia opened this passport" in her name. Hence two steps:
 * `openExceptionAttachment` (POST) writes the audit event and hands out a link valid for a minute
 * for this operator and this document only; `readExceptionAttachment` (GET, so that a browser
 * tab and an <img> can show it) checks the link and writes nothing.
 */
const LINK_TTL_MS = 60_000;

interface AttachmentRef {
  requestId: string;
  attachmentId: string;
}

function linkMac(deps: Deps, ref: AttachmentRef, operator: string, expires: number): string {
  return createHmac('sha256', deps.config.login.sessionSecret)
    .update(`attachment-link:${ref.requestId}:${ref.attachmentId}:${operator}:${expires}`)
    .digest('base64url');
}

function isLinkValid(deps: Deps, ref: AttachmentRef, operator: string, token: string): boolean {
  const m = /^(\d{1,15})\.([\w-]{43})$/.exec(token);
  if (!m) return false;
  const expires = Number(m[1]);
  if (expires < deps.clock.now().getTime()) return false;
  const expected = Buffer.from(linkMac(deps, ref, operator, expires));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

async function findAttachment(q: Queryable, ref: AttachmentRef) {
  const row = await q
    .selectFrom('exception_attachment')
    .innerJoin('exception_request', 'exception_request.id', 'exception_attachment.request_id')
    .select([
      'exception_attachment.sha256',
      'exception_attachment.content_type',
      'exception_attachment.filename',
      'exception_request.reference',
      'exception_request.enterprise_number',
    ])
    .where('exception_attachment.id', '=', ref.attachmentId)
    .where('exception_attachment.request_id', '=', ref.requestId)
    .executeTakeFirst();
  if (!row) throw new DomainError('attachment.not_found');
  return row;
}

/** An operator opens a document: audited; returns the short-lived link that shows it. */
export async function openExceptionAttachment(deps: Deps, ctx: Ctx, input: AttachmentRef) {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const operator = await requireOperator(tx, ctx.actor);
    const row = await findAttachment(tx, input);
    await record(tx, deps, ctx, {
      at: now,
      actorRole: SERVICE_DESK,
      enterprise: row.enterprise_number,
      action: 'exception_request.attachment_viewed',
      target: row.reference,
      after: { operator, attachment: input.attachmentId, sha256: row.sha256 },
      procedure: 'exception',
    });
    const expires = nowDate.getTime() + LINK_TTL_MS;
    const token = `${expires}.${linkMac(deps, input, operator, expires)}`;
    return {
      url: `/api/v1/service-desk/exception-requests/${input.requestId}/attachments/${input.attachmentId}?token=${token}`,
      expiresAt: new Date(expires).toISOString(),
      contentType: row.content_type,
      filename: row.filename,
    };
  });
}

/** The document behind a link from openExceptionAttachment, for the operator it was made for; reads only. */
export async function readExceptionAttachment(deps: Deps, ctx: Ctx, input: AttachmentRef & { token: string }) {
  const operator = await requireOperator(deps.db.db, ctx.actor);
  if (!isLinkValid(deps, input, operator, input.token)) throw new DomainError('attachment.link_invalid');
  const a = await findAttachment(deps.db.db, input);
  const bytes = await deps.attachments.get(a.sha256);
  return { bytes, contentType: a.content_type, filename: a.filename };
}
