/**
 * The exception procedure's multipart bodies (a submission, an answer with documents): the
 * fields and files read with the per-request total enforced while streaming, and a JSON field
 * checked against its schema with the same problem shape as every other validation.
 */
import type { Multipart } from '@fastify/multipart';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../app/deps.ts';
import type { IncomingFile } from '../../app/exception/store-attachments.ts';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { typeboxViolations } from '../validation-problems.ts';

export function parseJsonField<T extends TSchema>(schema: T, raw: string | undefined, field: string): Static<T> {
  if (raw === undefined) throw new DomainError('validation.invalid_input', { field, reason: 'missing' });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new DomainError('validation.invalid_input', { field, reason: 'not JSON' });
  }
  const check = TypeCompiler.Compile(schema);
  if (!check.Check(value)) {
    // the same shape as every other validation problem (validation-problems.ts)
    throw new DomainError('validation.invalid_input', {
      field,
      ...typeboxViolations(check.Errors(value), `/${field}`),
    });
  }
  return value;
}

/**
 * Reads a multipart body into fields and files. Per-file size is enforced by the parser while
 * streaming; the per-request total is counted here, so an oversized request stops early.
 */
export async function readMultipart(app: FastifyInstance, request: FastifyRequest, deps: Deps) {
  if (!request.isMultipart())
    throw new DomainError('request.unsupported_media_type', { expected: 'multipart/form-data' });
  const { maxFileBytes, maxRequestBytes } = deps.config.exception;
  // field names come from the client: no prototype to reach through (issue 13, finding 14)
  const fields: Record<string, string> = Object.create(null);
  const files: IncomingFile[] = [];
  let total = 0;
  const parts = request.parts({
    limits: { fileSize: maxFileBytes, files: 10, fields: 5, fieldSize: 64 * 1024, parts: 15 },
  });
  try {
    for await (const part of parts) await readPart(part);
  } catch (e) {
    // A body cut short or not multipart inside is the sender's fault: 400, never 500. Now that a
    // refused submission no longer uses up the address's allowance, the fuzzer reaches this.
    if (isDomainError(e) || (e as { statusCode?: number }).statusCode) throw e;
    throw new DomainError('request.malformed', { reason: (e as Error).message });
  }
  return { fields, files };

  async function readPart(part: Multipart) {
    if (part.type === 'file') {
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (e) {
        if (e instanceof app.multipartErrors.RequestFileTooLargeError) {
          throw new DomainError('attachment.too_large', { filename: part.filename, limitBytes: maxFileBytes });
        }
        throw e;
      }
      total += bytes.length;
      if (total > maxRequestBytes)
        throw new DomainError('attachment.request_too_large', { limitBytes: maxRequestBytes });
      files.push({ kind: part.fieldname, filename: part.filename, bytes });
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
}
