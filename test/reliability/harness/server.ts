/**
 * A real btb server as a child process (`node bin/btb.mjs serve`), listening on 127.0.0.1 on a
 * port the OS picks, so that the reliability tests can kill it, restart it, load it and read its
 * logs the way an operator would. BTB_CLI overrides the entry point (a local stand-in while the
 * CLI cannot start).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signDevToken } from '../../../src/infra/auth/dev-key.ts';

export const root = new URL('../../../', import.meta.url).pathname;
export const btbCli = process.env.BTB_CLI ?? join(root, 'bin/btb.mjs');

/** A scratch directory per test file: database file, development key, mailbox. */
export function scratch(name: string): { dir: string; cleanup(): void } {
  const dir = join(tmpdir(), `btb-rel-${name}-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function serverEnv(
  dir: string,
  databaseUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    BTB_DEV_KEY_PATH: join(dir, 'dev-key.json'),
    MAILBOX_DIR: join(dir, 'mailbox'),
    ATTACHMENTS_DIR: join(dir, 'attachments'),
    // the audit signing key and the anchors of this test's database, never the worktree's data/
    BTB_AUDIT_SIGNING_KEY_FILE: join(dir, 'audit-signing-key.pem'),
    BTB_AUDIT_KEYRING: join(dir, 'audit-keyring.pem'),
    BTB_AUDIT_ANCHOR_FILE: join(dir, 'audit-anchors.jsonl'),
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export interface Server {
  url: string;
  pid: number;
  proc: ChildProcess;
  /** everything the process wrote to stdout (pino's JSON lines) and stderr */
  stdout(): string;
  stderr(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A port free right now: the server needs to know its own URL (PUBLIC_URL) before it listens. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export async function startServer(env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<Server> {
  if (env.PORT === '0') {
    // Same port across restarts of one test: the crash test's clients keep their base URL.
    const port = String(await freePort());
    env.PORT = port;
    env.PUBLIC_URL = `http://127.0.0.1:${port}`;
  }
  const proc = spawn(process.execPath, [btbCli, 'serve'], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  // Ready is the server's own "listening" line (or its exit, which fails at once with its output),
  // not a clock: with two suites at once on 2 cores, seven starts outlasted the 60 s this used to
  // allow without hanging (issue 21, item 9). Only a caller's explicit bound remains; otherwise
  // the hook's or test's timeout bounds it.
  const url = await new Promise<string>((resolve, reject) => {
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => reject(new Error(`server did not start in time:\n${err}`)), opts.timeoutMs);
    proc.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${err}`));
    });
  });
  return {
    url,
    pid: proc.pid!,
    proc,
    stdout: () => out,
    stderr: () => err,
    kill: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}

/** Runs a btb command to its end; resolves with its exit code and output, never throws on a non-zero exit. */
export async function btb(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [btbCli, ...args], {
      env,
      cwd: root,
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? String(e) };
  }
}

/** A bearer token the server trusts: signed with the development key in the scratch directory. */
export async function bearer(
  env: Record<string, string>,
  person: string,
  loa: 'low' | 'substantial' | 'high' = 'substantial',
) {
  const token = await signDevToken(
    env.BTB_DEV_KEY_PATH!,
    { national_number: person, acr: loa },
    { audience: 'btb', ttlSeconds: 3600 },
  );
  return `Bearer ${token}`;
}

/** Resident memory of a process, in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export interface HttpResult {
  status: number;
  body: unknown;
  contentType: string;
}

/** One request with a deadline; a refused or reset connection resolves with status 0. */
export async function http(
  base: string,
  method: string,
  path: string,
  opts: {
    auth?: string;
    body?: unknown;
    requestId?: string;
    timeoutMs?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.auth) headers.authorization = opts.auth;
  if (opts.requestId) headers['x-request-id'] = opts.requestId;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const r = await fetch(base + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
    const text = await r.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: r.status, body, contentType: r.headers.get('content-type') ?? '' };
  } catch {
    return { status: 0, body: null, contentType: '' };
  }
}
