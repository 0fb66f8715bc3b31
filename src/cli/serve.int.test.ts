/**
 * `btb serve` as a real process (issue 15 item 3, issue 13 finding 5): with NODE_ENV unset it is
 * production and refuses to start without what production needs, naming each setting in one
 * error; with them it logs a summary without secrets, never mounts the development provider,
 * and on SIGTERM finishes the request in flight before it exits 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The environment without NODE_ENV (vitest sets it to test) and without any btb setting. */
function bareEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}

function start(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'btb-serve-'));
  dirs.push(dir);
  const child = spawn(process.execPath, [join(root, 'bin/btb.mjs'), 'serve'], {
    env: { ...bareEnv(), DATABASE_URL: `sqlite:${join(dir, 'btb.sqlite')}`, MAILBOX_DIR: join(dir, 'mail'), ...env },
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const listening = async (): Promise<string> => {
    for (let i = 0; i < 600; i++) {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) return m[1]!;
      if (child.exitCode !== null) throw new Error(out);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`not listening:\n${out}`);
  };
  return { child, output: () => out, exited, listening };
}

/** Production never generates the audit signing key: the operator makes one, as here. */
function auditKeyFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'btb-key-'));
  dirs.push(dir);
  const file = join(dir, 'audit-key.pem');
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return file;
}

const production = {
  PORT: '0',
  PUBLIC_URL: 'https://btb.example.be',
  OIDC_ISSUER: 'https://idp.example.be',
  OIDC_CLIENT_ID: 'btb',
  OIDC_CLIENT_SECRET: 'client-secret-value-1234',
  BTB_SESSION_SECRET: 's'.repeat(40),
  BTB_MAIL: 'file',
};

describe('btb serve is production by default (issue 13 finding 5, issue 15)', () => {
  it('refuses to start with NODE_ENV unset and nothing configured, naming every missing setting', async () => {
    const s = start({});
    expect(await s.exited).toBe(1);
    for (const v of [
      'PUBLIC_URL',
      'OIDC_ISSUER',
      'OIDC_CLIENT_ID',
      'OIDC_CLIENT_SECRET',
      'BTB_SESSION_SECRET',
      'BTB_AUDIT_SIGNING_KEY',
      'SMTP_URL',
    ]) {
      expect(s.output()).toContain(v);
    }
    expect(s.output()).not.toContain('listening');
  });

  it('serves without the development provider, logs a summary without secrets, and drains on SIGTERM', async () => {
    const s = start({ ...production, BTB_AUDIT_SIGNING_KEY_FILE: auditKeyFile() });
    const url = new URL(await s.listening());
    expect(s.output()).toContain('"configuration"');
    expect(s.output()).not.toContain('client-secret-value-1234');
    expect(s.output()).not.toContain('s'.repeat(40));
    expect((await fetch(new URL('/dev-idp/.well-known/openid-configuration', url))).status).toBe(404);
    expect((await fetch(new URL('/healthz', url))).status).toBe(200);

    // A request in flight: headers and half the body sent, then SIGTERM, then the rest.
    const body = JSON.stringify({ subject: { type: 'person', id: '78031400273' } });
    const socket = connect(Number(url.port), url.hostname);
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (d) => (response += d));
    const ended = new Promise((r) => socket.once('end', r));
    socket.write(
      `POST /access/v1/evaluation HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.child.exitCode).toBeNull(); // still waiting for the request in flight
    socket.write(body.slice(10));
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 400 /); // answered in full (the body is incomplete as an evaluation), not cut off
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('shut down');
  });
});
