import { createLocalJWKSet, createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { Actor, AuthMeans } from '../../domain/actor.ts';
import { DomainError } from '../../domain/errors.ts';
import { ownValue } from '../../domain/own.ts';
import { isEidasId, parsePersonId } from '../../domain/person-id.ts';
import type { Config } from '../config.ts';
import { DEV_ISSUER, loadOrCreateDevKey } from './dev-key.ts';

export type BearerVerifier = (token: string) => Promise<Actor>;

type KeySet = Parameters<typeof jwtVerify>[1];

/**
 * Verifies `Authorization: Bearer <JWT>` against the configured provider's JWKS and, in
 * development only, against the local development key. A token must carry exp, iat, iss and
 * aud; iss and aud must be the expected ones, it must not be expired nor issued in the future,
 * and it may live at most the configured maximum (issue 13, finding 13): a token without
 * expiry, or one minted for a year, is a stolen credential that never dies.
 * Claim names and the acr → level map come from configuration.
 */
export async function bearerVerifier(config: Config): Promise<BearerVerifier> {
  const issuers: { issuer: string; keys: KeySet }[] = [];
  if (config.devLogin) {
    const key = await loadOrCreateDevKey(config.devKeyPath);
    issuers.push({ issuer: DEV_ISSUER, keys: createLocalJWKSet({ keys: [key.publicJwk] }) as KeySet });
  }
  if (config.oidc.issuer) {
    const issuer = config.oidc.issuer;
    let keys: KeySet | undefined;
    // Discovery is lazy: a provider that is down at start-up must not stop btb from serving.
    issuers.push({
      issuer,
      keys: (async (header: any, token: any) => {
        if (!keys) {
          const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
          const meta = (await res.json()) as { jwks_uri: string };
          keys = createRemoteJWKSet(new URL(meta.jwks_uri)) as KeySet;
        }
        return (keys as any)(header, token);
      }) as KeySet,
    });
  }
  const { claims, acrMap, bearerMaxLifetimeSeconds: maxLifetime } = config.oidc;
  const clockTolerance = 5;
  return async (token) => {
    let payload: JWTPayload | undefined;
    let lastError: unknown;
    for (const { issuer, keys } of issuers) {
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer,
          audience: config.oidc.audience,
          clockTolerance,
          requiredClaims: ['exp', 'iat', 'iss', 'aud'],
          // now − iat; jose also refuses an iat in the future here
          maxTokenAge: maxLifetime,
        }));
        break;
      } catch (e) {
        lastError = e;
      }
    }
    if (!payload) {
      throw new DomainError('authentication.invalid_token', { reason: (lastError as Error)?.name ?? 'no issuer' });
    }
    // exp − iat: a token minted for longer than the maximum is refused even while young.
    if ((payload.exp as number) - (payload.iat as number) > maxLifetime + clockTolerance) {
      throw new DomainError('authentication.invalid_token', { reason: 'lifetime too long' });
    }
    const acr = String(payload[claims.loa] ?? '');
    const loa = ownValue(acrMap, acr);
    if (!loa) throw new DomainError('authentication.invalid_token', { reason: 'unknown assurance level' });
    const rawNumber = payload[claims.person];
    let personNumber: string | null = null;
    if (rawNumber !== undefined && rawNumber !== null && rawNumber !== '') {
      const parsed = parsePersonId(String(rawNumber));
      if (!parsed.ok) throw new DomainError('authentication.invalid_token', { reason: 'invalid person number claim' });
      personNumber = parsed.value.id;
    }
    // A person without a Belgian number is known by their eIDAS identifier (issue 19): it is
    // their person id everywhere, and foreignId says it is one.
    if (!personNumber && typeof payload.foreign_id === 'string') {
      const parsed = parsePersonId(payload.foreign_id);
      if (!parsed.ok || parsed.value.kind !== 'eidas')
        throw new DomainError('authentication.invalid_token', { reason: 'invalid foreign identifier claim' });
      personNumber = parsed.value.id;
    }
    if (!personNumber) throw new DomainError('authentication.invalid_token', { reason: 'no subject' });
    const foreignId = isEidasId(personNumber) ? personNumber : undefined;
    const str = (k: string) => (typeof payload[k] === 'string' ? (payload[k] as string) : undefined);
    return {
      personNumber,
      foreignId,
      loa,
      means: (str('amr_means') as AuthMeans | undefined) ?? 'token',
      familyName: str(claims.familyName),
      givenName: str(claims.givenName),
      email: str(claims.email),
      emailVerified: payload.email_verified === true,
      locale: str(claims.locale),
      via: 'bearer',
      clientId: str('azp') ?? str('client_id'),
    };
  };
}
