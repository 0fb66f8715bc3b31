/**
 * Where the exception procedure's documents live: the filesystem implementation of the
 * AttachmentStore port (src/ports.ts), which an object store (S3, Swift...) could replace. Content is addressed
 * by its SHA-256, so the name never comes from the uploader and a file uploaded twice is kept once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { requireSupportedType } from '../../domain/attachment-type.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AttachmentStore } from '../../ports.ts';

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
