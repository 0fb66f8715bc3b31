import type { Actor, AuthMeans, Loa } from '../../domain/actor.ts';
import { DomainError } from '../../domain/errors.ts';
import { ownValue } from '../../domain/own.ts';
import { isEidasId, parsePersonId } from '../../domain/person-id.ts';
import type { Config } from '../config.ts';

/** Who the provider says logged in, in btb's words: the actor's person, level and means (domain/actor.ts), before a session or token carries them. */
export interface Identity
  extends Pick<
    Actor,
    'personNumber' | 'foreignId' | 'loa' | 'means' | 'familyName' | 'givenName' | 'email' | 'emailVerified' | 'locale'
  > {
  subject: string;
  /** YYYY-MM-DD, from the birth date claim (eIDAS guarantees it) */
  birthDate?: string;
}

/**
 * `amr` values (RFC 8176 and the development provider's own) → btb's means. A provider that
 * says nothing about the means gets the usual means of its level: eID for high, a security
 * code for substantial, a password for low (shown to the person, never used for a decision:
 * decisions use the level).
 */
const meansByAmr: Record<string, AuthMeans> = {
  eid: 'eid',
  sc: 'eid',
  hwk: 'eid',
  itsme: 'itsme',
  'security-code': 'security-code',
  otp: 'security-code',
  sms: 'security-code',
  mfa: 'security-code',
  password: 'password',
  pwd: 'password',
  eidas: 'eidas',
};
const meansByLoa: Record<Loa, AuthMeans> = { high: 'eid', substantial: 'security-code', low: 'password' };

function str(claims: Record<string, unknown>, name: string): string | undefined {
  const v = claims[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function refuse(reason: string): never {
  throw new DomainError('authentication.login_failed', { reason });
}

/** Reads the identity from ID-token (and userinfo) claims, with claim names and acr map from config. */
export function identityFromClaims(claims: Record<string, unknown>, config: Config): Identity {
  const names = config.oidc.claims;
  const subject = str(claims, 'sub');
  if (!subject) refuse('no subject');
  const acr = claims[names.loa];
  const loa = typeof acr === 'string' ? ownValue(config.oidc.acrMap, acr) : undefined;
  if (!loa) refuse('unknown assurance level');
  let personNumber: string | null = null;
  const raw = claims[names.person];
  if (raw !== undefined && raw !== null && raw !== '') {
    const parsed = parsePersonId(String(raw));
    if (!parsed.ok) refuse('invalid person number claim');
    personNumber = parsed.value.id;
  }
  const rawForeign = str(claims, config.login.claimForeignId);
  if (!personNumber && rawForeign) {
    // An eIDAS node's PersonIdentifier: the person's id in btb from now on (issue 19).
    const parsed = parsePersonId(rawForeign);
    if (!parsed.ok || parsed.value.kind !== 'eidas') refuse('invalid foreign identifier claim');
    personNumber = parsed.value.id;
  }
  if (!personNumber) refuse('neither a person number nor a foreign identifier');
  const foreignId = isEidasId(personNumber) ? personNumber : undefined;
  const birthDate = str(claims, names.birthDate);
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  const fromAmr = amr.map((a) => ownValue(meansByAmr, a.toLowerCase())).find((m) => m !== undefined);
  return {
    subject,
    personNumber,
    foreignId,
    birthDate: birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate : undefined,
    loa,
    means: fromAmr ?? (foreignId ? 'eidas' : meansByLoa[loa]),
    familyName: str(claims, names.familyName),
    givenName: str(claims, names.givenName),
    email: str(claims, names.email),
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    locale: str(claims, names.locale),
  };
}

/** The acr values to ask the provider for when a level is needed: every value that maps to it or higher. */
export function acrValuesFor(config: Config, needed: Loa): string[] {
  const rank: Record<Loa, number> = { low: 1, substantial: 2, high: 3 };
  return Object.entries(config.oidc.acrMap)
    .filter(([, level]) => rank[level] >= rank[needed])
    .sort(([, a], [, b]) => rank[a] - rank[b])
    .map(([acr]) => acr);
}
