/**
 * The audit signing key: an Ed25519 key that lives outside the database, so that someone who can
 * write the database but does not hold the key cannot forge a checkpoint of the audit chain
 * (docs/audit.md). node:crypto does the signing; nothing here is hand-rolled crypto.
 *
 * A key's id is derived from its public key (the first 16 hex digits of the SHA-256 of its SPKI
 * DER), so a keyring needs no ids to be typed and cannot name a key wrongly.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../../domain/errors.ts';
import type { Config } from '../config.ts';

export interface AuditSigner {
  keyId: string;
  publicKey: KeyObject;
  sign(message: Buffer): string;
}

/** Public keys by key id: the current key and every retired one still trusted for verification. */
export type AuditKeyring = Map<string, KeyObject>;

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** A private key given as PEM, or as base64 of its PKCS#8 DER (an environment variable on one line). */
export function parsePrivateKey(text: string): KeyObject {
  const t = text.trim();
  const key = t.includes('-----BEGIN')
    ? createPrivateKey(t)
    : createPrivateKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`the audit signing key must be Ed25519, got ${key.asymmetricKeyType}`);
  return key;
}

export function signerFromPrivateKey(privateKey: KeyObject): AuditSigner {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    sign: (message) => sign(null, message, privateKey).toString('base64url'),
  };
}

export function verifySignature(publicKey: KeyObject, message: Buffer, signature: string): boolean {
  try {
    return verify(null, message, publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

export function generateAuditKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Exclusive create: two processes starting at once keep the first key, never one each. */
function createSecret(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

function writeSecret(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The settings that production cannot start without (a helper for the start-up check). */
export function missingAuditSettings(config: Config): string[] {
  return config.audit.signingKey || config.audit.signingKeyFile ? [] : ['BTB_AUDIT_SIGNING_KEY'];
}

/**
 * The signer of this process: BTB_AUDIT_SIGNING_KEY, else the key file; outside production a
 * missing key file is generated (development and tests), in production a missing key refuses.
 */
export function loadAuditSigner(config: Config): AuditSigner {
  const { signingKey, signingKeyFile, generateKey } = config.audit;
  if (signingKey) return signerFromPrivateKey(parsePrivateKey(signingKey));
  if (signingKeyFile) {
    if (!existsSync(signingKeyFile)) {
      if (!generateKey) {
        throw new DomainError(
          'config.invalid',
          { variable: 'BTB_AUDIT_SIGNING_KEY_FILE', problem: 'the file does not exist' },
          `Configuration error: BTB_AUDIT_SIGNING_KEY_FILE ${signingKeyFile} does not exist`,
        );
      }
      createSecret(signingKeyFile, generateAuditKeyPem());
    }
    return signerFromPrivateKey(parsePrivateKey(readFileSync(signingKeyFile, 'utf8')));
  }
  throw new DomainError(
    'config.invalid',
    { variable: 'BTB_AUDIT_SIGNING_KEY', problem: 'required in production' },
    'Configuration error: BTB_AUDIT_SIGNING_KEY (or BTB_AUDIT_SIGNING_KEY_FILE) must be set in production: it signs the audit checkpoints',
  );
}

const PEM_PUBLIC = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/** Parses a keyring: any number of PEM public keys, one after the other. */
export function parseKeyring(text: string): AuditKeyring {
  const ring: AuditKeyring = new Map();
  for (const pem of text.match(PEM_PUBLIC) ?? []) {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'ed25519') ring.set(keyIdOf(key), key);
  }
  return ring;
}

/** The keys a verifier trusts: the keyring file's, plus the current signing key's when it is at hand. */
export function loadAuditKeyring(config: Config, signer?: AuditSigner): AuditKeyring {
  const file = config.audit.keyringFile;
  const ring = file && existsSync(file) ? parseKeyring(readFileSync(file, 'utf8')) : new Map<string, KeyObject>();
  if (signer) ring.set(signer.keyId, signer.publicKey);
  return ring;
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Rotation with key files: the current key's public half joins the keyring (so what it signed
 * still verifies), then a new key replaces it. Returns the old and new key ids.
 */
export function rotateAuditKeyFile(keyFile: string, keyringFile: string): { oldKeyId: string; newKeyId: string } {
  const old = signerFromPrivateKey(parsePrivateKey(readFileSync(keyFile, 'utf8')));
  const ring = existsSync(keyringFile) ? parseKeyring(readFileSync(keyringFile, 'utf8')) : new Map();
  mkdirSync(dirname(keyringFile), { recursive: true });
  if (!ring.has(old.keyId)) appendFileSync(keyringFile, publicKeyPem(old.publicKey));
  const pem = generateAuditKeyPem();
  writeSecret(keyFile, pem);
  return { oldKeyId: old.keyId, newKeyId: signerFromPrivateKey(parsePrivateKey(pem)).keyId };
}
