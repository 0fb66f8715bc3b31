/** Issue 13, finding 13: what a bearer JWT must carry. Seen failing before the fix. */
import { importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { devKeyVerifier, errorOf } from '../../../test/dev-key-verifier.ts';
import { isDomainError } from '../../domain/errors.ts';
import { demoPersons as P } from '../demo/demo-data.ts';
import { DEV_ISSUER, loadOrCreateDevKey } from './dev-key.ts';

describe('issue 13 finding 13: bearer tokens need exp, iat, a bounded lifetime, the right iss and aud', () => {
  const v = devKeyVerifier();

  async function sign(claims: Record<string, unknown>): Promise<string> {
    const key = await loadOrCreateDevKey(v.config.devKeyPath);
    return new SignJWT({ national_number: P.lucDubois.number, acr: 'high', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'btb-dev' })
      .sign(await importJWK(key.privateJwk, 'ES256'));
  }
  const now = () => Math.floor(Date.now() / 1000);
  const good = () => ({ iss: DEV_ISSUER, aud: v.config.oidc.audience, iat: now(), exp: now() + 300 });
  const without = (k: string) => {
    const c: Record<string, unknown> = good();
    delete c[k];
    return c;
  };

  it('finding 13: a well-formed token is accepted (control)', async () => {
    expect(await v.verify(await sign(good()))).toMatchObject({ personNumber: P.lucDubois.number, loa: 'high' });
  });

  it.each([
    ['missing exp', () => without('exp')],
    ['missing iat', () => without('iat')],
    ['missing iss', () => without('iss')],
    ['missing aud', () => without('aud')],
    ['a lifetime longer than the maximum', () => ({ ...good(), exp: now() + 2 * 86_400 })],
    ['issued longer ago than the maximum lifetime', () => ({ ...good(), iat: now() - 2 * 3600 })],
    ['a wrong issuer', () => ({ ...good(), iss: 'https://evil.example' })],
    ['a wrong audience', () => ({ ...good(), aud: 'someone-else' })],
    ['expired', () => ({ ...good(), iat: now() - 600, exp: now() - 300 })],
    ['issued in the future', () => ({ ...good(), iat: now() + 3600, exp: now() + 3900 })],
  ])('finding 13: a token with %s is refused', async (_name, claims) => {
    const e = await errorOf(v.verify(await sign(claims())));
    expect(isDomainError(e) && e.code).toBe('authentication.invalid_token');
  });
});
