import { randomUUID } from 'node:crypto';
import { requireSupportedType } from '../../domain/attachment-type.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Tx } from '../../infra/db/database.ts';
import type { Deps } from '../deps.ts';
import { type AttachmentKind, attachmentKinds } from './shared.ts';

export interface IncomingFile {
  kind: string;
  filename: string;
  bytes: Buffer;
}

export interface CheckedFile extends IncomingFile {
  kind: AttachmentKind;
}

/** Only a base name of printable characters is kept: the name is shown, never used as a path. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 120);
  return cleaned || 'document';
}

/**
 * Checks every file before any is stored: the kind, the type by content, the size of each and
 * of the request as a whole (counting what the request already holds).
 */
export function checkFiles(deps: Deps, files: IncomingFile[], alreadyStoredBytes: number): CheckedFile[] {
  const { maxFileBytes, maxRequestBytes } = deps.config.exception;
  let total = alreadyStoredBytes;
  return files.map((f) => {
    if (!(attachmentKinds as readonly string[]).includes(f.kind)) {
      throw new DomainError('validation.invalid_input', {
        field: 'attachments',
        reason: `unknown kind ${f.kind}`,
        accepted: attachmentKinds,
      });
    }
    if (f.bytes.length > maxFileBytes) {
      throw new DomainError('attachment.too_large', { filename: cleanName(f.filename), limitBytes: maxFileBytes });
    }
    total += f.bytes.length;
    if (total > maxRequestBytes) throw new DomainError('attachment.request_too_large', { limitBytes: maxRequestBytes });
    requireSupportedType(f.bytes, cleanName(f.filename));
    return { ...f, kind: f.kind as AttachmentKind, filename: cleanName(f.filename) };
  });
}

/**
 * Stores the files' content, then returns the rows to insert in the caller's transaction.
 * Content is written before the transaction commits: if it then fails, an unreferenced file
 * remains under its hash, which is harmless and reused if the same file comes again.
 */
export async function storeFiles(deps: Deps, files: CheckedFile[]) {
  const store = deps.attachments;
  const out = [];
  for (const f of files) {
    const s = await store.put(f.bytes);
    out.push({ kind: f.kind, filename: f.filename, contentType: s.contentType, size: s.size, sha256: s.sha256 });
  }
  return out;
}

export async function insertAttachments(
  tx: Tx,
  requestId: string,
  at: string,
  by: string,
  stored: Awaited<ReturnType<typeof storeFiles>>,
) {
  const rows = stored.map((s) => ({
    id: randomUUID(),
    request_id: requestId,
    kind: s.kind,
    filename: s.filename,
    content_type: s.contentType,
    size_bytes: s.size,
    sha256: s.sha256,
    uploaded_at: at,
    uploaded_by: by,
  }));
  if (rows.length) await tx.insertInto('exception_attachment').values(rows).execute();
  return rows;
}
