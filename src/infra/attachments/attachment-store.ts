/**
 * Where the exception procedure's documents live. The port is the boundary an object store
 * (S3, Swift...) implements; the filesystem implementation is the default. Content is addressed
 * by its SHA-256, so the name never comes from the uploader and a file uploaded twice is kept once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DomainError } from '../../domain/errors.ts';

export type AttachmentType = 'application/pdf' | 'image/png' | 'image/jpeg';

export interface StoredAttachment {
  sha256: string;
  size: number;
  contentType: AttachmentType;
}

export interface AttachmentStore {
  /** checks the content type by its bytes and stores it; refuses anything else */
  put(bytes: Buffer): Promise<StoredAttachment>;
  get(sha256: string): Promise<Buffer>;
  /** deletes the content (retention); true when it was there, false when already gone */
  remove(sha256: string): Promise<boolean>;
}

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

const HEX64 = /^[0-9a-f]{64}$/;

export function filesystemAttachmentStore(dir: string): AttachmentStore {
  const root = resolve(dir);
  // Two levels of fan-out keep directories small with many files.
  const pathOf = (sha: string) => join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
  return {
    async put(bytes) {
      const contentType = requireSupportedType(bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const path = pathOf(sha256);
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await mkdir(join(root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true, mode: 0o700 });
        // Write then rename: a reader never sees half a file, and a crash leaves only a temp file.
        const tmp = `${path}.${randomUUID()}.tmp`;
        await writeFile(tmp, bytes, { mode: 0o600 });
        await rename(tmp, path);
      }
      return { sha256, size: bytes.length, contentType };
    },
    async get(sha256) {
      if (!HEX64.test(sha256)) throw new DomainError('attachment.not_found');
      try {
        return await readFile(pathOf(sha256));
      } catch {
        throw new DomainError('attachment.not_found');
      }
    },
    async remove(sha256) {
      if (!HEX64.test(sha256)) return false;
      try {
        await unlink(pathOf(sha256));
        return true;
      } catch (e) {
        // Already gone (an earlier, interrupted run): the goal is reached.
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw e;
      }
    },
  };
}
