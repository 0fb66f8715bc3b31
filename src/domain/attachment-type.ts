/**
 * Which documents the exception procedure accepts, recognised by their content: a pure rule,
 * applied by the use case (with the file name in the refusal) and again by every store.
 */
import { DomainError } from './errors.ts';

export type AttachmentType = 'application/pdf' | 'image/png' | 'image/jpeg';

/**
 * The type by magic bytes, never by the file name or the declared type: an executable renamed
 * `.pdf` starts with `MZ` or `\x7fELF`, not `%PDF-`, and is refused.
 */
export function detectType(bytes: Uint8Array): AttachmentType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  return null;
}

export function requireSupportedType(bytes: Uint8Array, filename?: string): AttachmentType {
  const type = detectType(bytes);
  if (!type) {
    throw new DomainError('attachment.unsupported_type', {
      filename,
      accepted: ['application/pdf', 'image/png', 'image/jpeg'],
      detail: 'only PDF, PNG and JPEG files are accepted, recognised by their content',
    });
  }
  return type;
}
