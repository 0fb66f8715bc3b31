import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliScratch } from '../../test/btb-cli.ts';

const { dir, database, btb, addClients, cleanup } = cliScratch('btb-restore-anchors-');
const anchorFile = `${database}.audit-anchors.jsonl`;
const anchorSeqs = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { seq: number }).seq);
afterAll(cleanup);

describe('btb restore and the signed anchors', () => {
  it('sets aside the anchors of the lost events, and verify passes before and after new events', async () => {
    await addClients('a', 'b');
    const backup = join(dir, 'backup.sqlite');
    expect((await btb('backup', backup)).code).toBe(0);
    await addClients('c', 'd');
    expect(anchorSeqs(anchorFile)).toEqual([1, 2, 3, 4]);

    const restored = await btb('restore', backup, '--force');
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toContain('the signed anchors reached seq 4, the restored database ends at seq 2');
    expect(restored.stderr).toContain('the events 3..4 written after the backup are gone');
    const archived = readdirSync(dir).filter((f) => f.startsWith('btb.sqlite.audit-anchors.jsonl.before-restore-'));
    expect(archived).toHaveLength(1);
    expect(anchorSeqs(join(dir, archived[0] as string))).toEqual([1, 2, 3, 4]); // unchanged: the record
    expect(anchorSeqs(anchorFile)).toEqual([1, 2]);

    const verified = await btb('audit', 'verify');
    expect(verified.code, verified.stderr).toBe(0);
    await addClients('e'); // takes seq 3 again, with another hash
    const after = await btb('audit', 'verify');
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain('3 signed anchors up to seq 3 match');

    // Restoring the same backup again: the new file reaches seq 3 > 2, so it is set aside too.
    const again = await btb('restore', backup, '--force');
    expect(again.stderr).toContain('reached seq 3');
    expect(existsSync(anchorFile)).toBe(true);
    expect(anchorSeqs(anchorFile)).toEqual([1, 2]);
  }, 240_000);

  it('leaves the anchor file alone when the restored chain reaches as far', async () => {
    const backup = join(dir, 'backup-now.sqlite');
    expect((await btb('backup', backup)).code).toBe(0);
    const before = readFileSync(anchorFile, 'utf8');
    const restored = await btb('restore', backup, '--force');
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).not.toContain('warning');
    expect(readFileSync(anchorFile, 'utf8')).toBe(before);
  }, 120_000);
});
