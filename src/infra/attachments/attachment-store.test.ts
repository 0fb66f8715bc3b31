import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectType } from '../../domain/attachment-type.ts';
import { filesystemAttachmentStore } from './attachment-store.ts';

const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const tinyPng = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const exeAsPdf = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(60)]);

describe('attachment store', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('recognises PDF, PNG and JPEG by content, and nothing else', () => {
    expect(detectType(tinyPdf)).toBe('application/pdf');
    expect(detectType(tinyPng)).toBe('image/png');
    expect(detectType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectType(exeAsPdf)).toBeNull();
    expect(detectType(Buffer.from('\x7fELF'))).toBeNull();
    expect(detectType(Buffer.from('<html>%PDF-'))).toBeNull();
  });

  it('stores under the content hash, once, and reads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'btb-att-'));
    dirs.push(dir);
    const store = filesystemAttachmentStore(dir);
    const a = await store.put(tinyPdf);
    const b = await store.put(tinyPdf);
    expect(a).toEqual(b);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.get(a.sha256)).toEqual(tinyPdf);
    expect((await readdir(join(dir, a.sha256.slice(0, 2), a.sha256.slice(2, 4)))).sort()).toEqual([a.sha256]);
    await expect(store.put(exeAsPdf)).rejects.toMatchObject({ code: 'attachment.unsupported_type' });
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'attachment.not_found' });
  });
});
