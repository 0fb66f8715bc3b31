import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

/**
 * The development signing key: `btb dev token` signs with it and a server in development mode
 * trusts it. Production refuses to start with the development login on (see infra/config.ts).
 */
export const DEV_ISSUER = 'urn:btb:development';

interface StoredKey {
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function loadOrCreateDevKey(path: string): Promise<StoredKey> {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const stored: StoredKey = {
    privateJwk: { ...(await exportJWK(privateKey)), alg: 'ES256', kid: 'btb-dev' },
    publicJwk: { ...(await exportJWK(publicKey)), alg: 'ES256', kid: 'btb-dev' },
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(stored), { mode: 0o600 });
  return stored;
}

export async function signDevToken(
  path: string,
  claims: Record<string, unknown>,
  opts: { audience: string; ttlSeconds?: number },
): Promise<string> {
  const key = await loadOrCreateDevKey(path);
  const privateKey = await importJWK(key.privateJwk, 'ES256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'btb-dev' })
    .setIssuer(DEV_ISSUER)
    .setAudience(opts.audience)
    .setIssuedAt()
    .setExpirationTime(`${opts.ttlSeconds ?? 3600}s`)
    .sign(privateKey);
}
