/**
 * The `btb` command as an operator runs it, for the CLI tests: a scratch directory with a SQLite
 * database and audit keys, and `btb(...args)` running bin/btb.mjs against it in a child process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { addApiClient } from '../src/app/manage-api-clients.ts';
import { withDeps } from '../src/cli/with-deps.ts';
import { loadConfig } from '../src/infra/config.ts';

export function cliScratch(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const database = join(dir, 'btb.sqlite');
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    DATABASE_URL: `sqlite:${database}`,
    BTB_AUDIT_SIGNING_KEY_FILE: join(dir, 'key.pem'),
    BTB_AUDIT_KEYRING: join(dir, 'keyring.pem'),
    LOG_LEVEL: 'silent',
  };
  /** runs `btb args…`; its exit code and output, also when it fails */
  const btb = async (...args: string[]) => {
    try {
      const r = await promisify(execFile)(process.execPath, [resolve('bin/btb.mjs'), ...args], {
        env,
        timeout: 120_000,
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
  /** registers API clients by these names (each an audited event) in the scratch database */
  const addClients = (...names: string[]) =>
    withDeps(
      () => loadConfig(env),
      async (deps) => {
        for (const name of names) await addApiClient(deps, { name, scope: '*' });
      },
    );
  return { dir, database, env, btb, addClients, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
