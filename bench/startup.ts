/**
 * Start-up to the first answer: `btb serve` as an operator runs it (production settings, an
 * empty SQLite database in a fresh directory), timed from spawn until GET /healthz answers 200.
 * Repeated runs; prints median, min and max and writes a JSON artifact to bench/results/.
 *
 *   node bench/startup.ts [--runs 7] [--label after]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const runs = Number(opt('runs', '7'));
const label = opt('label', 'current');
const port = 39_000 + (process.pid % 1000);

async function once(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'btb-startup-'));
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'btb.sqlite')}`,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    BTB_SESSION_SECRET: 'x'.repeat(48),
    OIDC_ISSUER: 'https://idp.invalid/',
    OIDC_CLIENT_ID: 'btb',
    OIDC_CLIENT_SECRET: 'secret',
    BTB_AUDIT_KEY_FILE: join(dir, 'audit-key.pem'),
    BTB_MAIL: 'file',
    MAILBOX_DIR: join(dir, 'mailbox'),
    ATTACHMENTS_DIR: join(dir, 'attachments'),
    LOG_LEVEL: 'warn',
  };
  const start = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/btb.mjs'), 'serve'], {
    env,
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`btb serve exited before answering:\n${stderr}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.status === 200) return performance.now() - start;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
      if (performance.now() - start > 60_000) throw new Error(`no answer in 60 s:\n${stderr}`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (exited ? r(undefined) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}

const times: number[] = [];
await once(); // warm the file system cache: the first run after an install reads every module from disk
for (let i = 0; i < runs; i++) times.push(await once());
const sorted = [...times].sort((a, b) => a - b);
const ms = (n: number) => Math.round(n);
const result = {
  benchmark: 'startup to /healthz (btb serve, production settings, empty SQLite)',
  label,
  node: process.version,
  runs,
  medianMs: ms(sorted[Math.floor(sorted.length / 2)]!),
  minMs: ms(sorted[0]!),
  maxMs: ms(sorted[sorted.length - 1]!),
  timesMs: times.map(ms),
  date: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results', `startup-${label}.json`), `${JSON.stringify(result, null, 2)}\n`);
