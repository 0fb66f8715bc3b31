/** Issue 13, finding 4: the audit signing key lives outside the database and can be rotated. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAnchorFile } from '../config/sections.ts';
import { type Config, loadConfig } from '../config.ts';
import { isAnchorSignatureValid, signAnchor } from './anchor.ts';
import {
  generateAuditKeyPem,
  loadAuditKeyring,
  loadAuditSigner,
  missingAuditSettings,
  parsePrivateKey,
  rotateAuditKeyFile,
  signerFromPrivateKey,
} from './audit-key.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'btb-audit-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function configWith(audit: Partial<Config['audit']>): Config {
  const base = loadConfig({ NODE_ENV: 'test' });
  return { ...base, audit: { ...base.audit, ...audit } };
}

const head = { seq: 7, hash: 'a'.repeat(64) };

describe('issue 13 finding 4: the audit signing key', () => {
  it('is generated on first start outside production (0600), and the same key is loaded afterwards', () => {
    const file = join(tmp(), 'data', 'audit-signing-key.pem');
    const config = configWith({ signingKeyFile: file, generateKey: true });
    const first = loadAuditSigner(config);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadAuditSigner(config).keyId).toBe(first.keyId);
  });

  it.each([
    ['PEM', (pem: string) => pem],
    [
      'base64 PKCS#8 on one line',
      (pem: string) => parsePrivateKey(pem).export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    ],
  ])('is read from BTB_AUDIT_SIGNING_KEY as %s', (_name, encode) => {
    const pem = generateAuditKeyPem();
    const config = loadConfig({ NODE_ENV: 'test', BTB_AUDIT_SIGNING_KEY: encode(pem) });
    expect(loadAuditSigner(config).keyId).toBe(signerFromPrivateKey(parsePrivateKey(pem)).keyId);
  });

  it('is required in production: a named missing setting, and the signer refuses to load without it', () => {
    const config = configWith({ signingKey: undefined, signingKeyFile: undefined, generateKey: false });
    expect(missingAuditSettings(config)).toEqual(['BTB_AUDIT_SIGNING_KEY']);
    expect(() => loadAuditSigner(config)).toThrow(/BTB_AUDIT_SIGNING_KEY/);
    const prodDefaults = loadConfig({ NODE_ENV: 'production', BTB_SESSION_SECRET: 'x'.repeat(32) });
    expect(prodDefaults.audit.signingKeyFile).toBeUndefined();
    expect(missingAuditSettings(prodDefaults)).toEqual(['BTB_AUDIT_SIGNING_KEY']);
    expect(
      missingAuditSettings({ ...prodDefaults, audit: { ...prodDefaults.audit, signingKey: generateAuditKeyPem() } }),
    ).toEqual([]);
  });

  it('a production key file that does not exist is refused, not generated', () => {
    const file = join(tmp(), 'missing.pem');
    expect(() => loadAuditSigner(configWith({ signingKeyFile: file, generateKey: false }))).toThrow(
      /BTB_AUDIT_SIGNING_KEY_FILE/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('rotation: sign with key 1, rotate, sign with key 2; both verify through the keyring, a stranger key does not', () => {
    const d = tmp();
    const config = configWith({
      signingKeyFile: join(d, 'key.pem'),
      keyringFile: join(d, 'keyring.pem'),
      generateKey: true,
    });
    const key1 = loadAuditSigner(config);
    const a1 = signAnchor(key1, head, '2026-11-28T10:00:00.000Z');

    const { oldKeyId, newKeyId } = rotateAuditKeyFile(config.audit.signingKeyFile!, config.audit.keyringFile!);
    expect(oldKeyId).toBe(key1.keyId);
    const key2 = loadAuditSigner(config);
    expect(key2.keyId).toBe(newKeyId);
    expect(key2.keyId).not.toBe(key1.keyId);
    const a2 = signAnchor(key2, { seq: 8, hash: 'b'.repeat(64) }, '2026-11-28T10:00:01.000Z');

    const ring = loadAuditKeyring(config, key2);
    expect([...ring.keys()].sort()).toEqual([key1.keyId, key2.keyId].sort());
    for (const a of [a1, a2]) expect(isAnchorSignatureValid(ring.get(a.keyId)!, a)).toBe(true);

    const stranger = signerFromPrivateKey(parsePrivateKey(generateAuditKeyPem()));
    expect(ring.has(signAnchor(stranger, head, a1.at).keyId)).toBe(false);
    // rotating twice keeps every retired key exactly once
    rotateAuditKeyFile(config.audit.signingKeyFile!, config.audit.keyringFile!);
    expect(readFileSync(config.audit.keyringFile!, 'utf8').match(/BEGIN PUBLIC KEY/g)).toHaveLength(2);
  });

  it('anchors belong to one database: the default anchor file is named after it, never after its password', () => {
    expect(defaultAnchorFile('sqlite:data/btb.sqlite')).toBe('data/btb.sqlite.audit-anchors.jsonl');
    const a = defaultAnchorFile('postgres://btb:secret1@db:5432/btb?options=-c%20search_path%3Da');
    expect(defaultAnchorFile('postgres://btb:secret2@db:5432/btb?options=-c%20search_path%3Da')).toBe(a);
    expect(defaultAnchorFile('postgres://btb:secret1@db:5432/btb?options=-c%20search_path%3Db')).not.toBe(a);
    expect(a).toMatch(/^data\/audit-anchors-[0-9a-f]{12}\.jsonl$/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        BTB_SESSION_SECRET: 'x'.repeat(32),
        BTB_AUDIT_ANCHOR_WEBHOOK: 'http://anchors.example',
      }),
    ).toThrow(/BTB_AUDIT_ANCHOR_WEBHOOK/);
  });
});
