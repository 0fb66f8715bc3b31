/**
 * Start-up to the first answer: `btb serve` as an operator runs it (production settings, an
 * empty SQLite database in a fresh directory), timed from spawn until GET /healthz answers 200.
 * Repeated runs; prints median, min and max and writes a JSON artifact to bench/results/.
 *
 *   node bench/startup.ts [--runs 7] [--label after]
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

/**
 * CPU seconds (user + system) a process and its waited-for children used, from /proc (Linux):
 * the wall time depends on what else the shared machine runs, the CPU time much less.
 */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime, stime are fields 14 and 15 of stat (11 and 12 after the command name), in ticks of 10 ms
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** The pid of the process that actually serves: bin/btb.mjs under an older Node hands over to a child. */
function servingPid(pid: number): number {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length ? servingPid(Number(children[0])) : pid;
  } catch {
    return pid;
  }
}

async function once(): Promise<{ wallMs: number; cpuMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'btb-startup-'));
  // production never generates the audit signing key: made here, as an operator would, outside the timing
  const keyFile = join(dir, 'audit-key.pem');
  writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'btb.sqlite')}`,
    PUBLIC_URL: 'https://btb.example.be',
    BTB_SESSION_SECRET: 'x'.repeat(48),
    OIDC_ISSUER: 'https://idp.invalid/',
    OIDC_CLIENT_ID: 'btb',
    OIDC_CLIENT_SECRET: 'secret',
    BTB_AUDIT_SIGNING_KEY_FILE: keyFile,
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
        if (r.status === 200) return { wallMs: performance.now() - start, cpuMs: cpuMs(servingPid(child.pid!)) };
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

const samples: { wallMs: number; cpuMs: number }[] = [];
await once(); // warm the file system cache: the first run after an install reads every module from disk
for (let i = 0; i < runs; i++) samples.push(await once());
const ms = (n: number) => Math.round(n);
const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    median: ms(sorted[Math.floor(sorted.length / 2)]!),
    min: ms(sorted[0]!),
    max: ms(sorted[sorted.length - 1]!),
  };
};
const wall = stats(samples.map((s) => s.wallMs));
const result = {
  benchmark: 'startup to /healthz (btb serve, production settings, empty SQLite)',
  label,
  node: process.version,
  runs,
  medianMs: wall.median,
  minMs: wall.min,
  maxMs: wall.max,
  cpuMs: stats(samples.map((s) => s.cpuMs)),
  timesMs: samples.map((s) => ms(s.wallMs)),
  loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  date: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results', `startup-${label}.json`), `${JSON.stringify(result, null, 2)}\n`);
