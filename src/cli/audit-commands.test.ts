/**
 * Issue 13, finding 4: `btb audit verify` exits non-zero and names the sequence numbers when the
 * database was truncated behind the anchors' back; it exits 0 on an intact, anchored chain.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { addApiClient } from '../app/manage-api-clients.ts';
import { loadConfig } from '../infra/config.ts';
import { createDeps, migrate } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'btb-audit-cli-'));
const env = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'development',
  DATABASE_URL: `sqlite:${join(dir, 'btb.sqlite')}`,
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
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('issue 13 finding 4: btb audit verify', () => {
  it('exits 0 on an anchored chain, and 1 naming the seqs after a truncation that the chain alone misses', async () => {
    const deps = createDeps(loadConfig(env));
    try {
      await migrate(deps);
      for (const name of ['a', 'b', 'c']) await addApiClient(deps, { name, scope: '*' });
    } finally {
      await deps.db.close();
    }
    const ok = await btb('audit', 'verify');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/3 signed anchors up to seq 3 match/);

    // The DBA: drop the guard, cut off the last event, set the head back.
    const raw = createDeps(loadConfig(env));
    try {
      await sql`drop trigger audit_event_no_delete`.execute(raw.db.db);
      await sql`delete from audit_event where seq = 3`.execute(raw.db.db);
      await sql`update audit_head set seq = 2, hash = (select hash from audit_event where seq = 2)`.execute(raw.db.db);
    } finally {
      await raw.db.close();
    }
    const bad = await btb('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('2 events, chain intact'); // the unkeyed chain alone says nothing is wrong
    expect(bad.stderr).toContain('seq 3..3: events missing at the end (truncation)');
    expect(bad.stderr).toContain('seq 3: anchor ahead of the database');
  });
});
