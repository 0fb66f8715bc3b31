/**
 * `btb restore` of an older backup: the anchors past the restored chain are set aside (kept,
 * unchanged, as the record of what was lost) and the chain goes on verifying, also after new
 * events take the lost events' sequence numbers. Without it, every later `btb audit verify` failed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { addApiClient } from '../app/manage-api-clients.ts';
import { loadConfig } from '../infra/config.ts';
import { createDeps, migrate } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'btb-restore-anchors-'));
const database = join(dir, 'btb.sqlite');
const anchorFile = `${database}.audit-anchors.jsonl`;
const env = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'development',
  DATABASE_URL: `sqlite:${database}`,
  BTB_AUDIT_SIGNING_KEY_FILE: join(dir, 'key.pem'),
  BTB_AUDIT_KEYRING: join(dir, 'keyring.pem'),
  LOG_LEVEL: 'silent',
};
const btb = async (...args: string[]) => {
  try {
    const r = await promisify(execFile)(process.execPath, [resolve('bin/btb.mjs'), ...args], { env, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};
const addClients = async (...names: string[]) => {
  const deps = createDeps(loadConfig(env));
  try {
    await migrate(deps);
    for (const name of names) await addApiClient(deps, { name, scope: '*' });
  } finally {
    await deps.db.close();
  }
};
const anchorSeqs = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { seq: number }).seq);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
