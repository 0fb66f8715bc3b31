/**
 * Who is acting: the same shape whether the call came with a bearer token or a browser
 * session, so that a use case never knows which was used.
 */

import { ownValue } from './own.ts';
export type Loa = 'low' | 'substantial' | 'high';
export type AuthMeans = 'eid' | 'itsme' | 'security-code' | 'password' | 'eidas' | 'token';

export interface Actor {
  /** national or BIS number, 11 digits; null for a person known only by a foreign identifier */
  personNumber: string | null;
  foreignId?: string;
  loa: Loa;
  means: AuthMeans;
  familyName?: string;
  givenName?: string;
  email?: string;
  /** the identity provider says it verified `email` (claim email_verified); binds invitations */
  emailVerified?: boolean;
  locale?: string;
  via: 'bearer' | 'session';
  /** the OAuth client a bearer token was issued to (azp or client_id), for per-client limits */
  clientId?: string;
  sessionId?: string;
}

const rank: Record<Loa, number> = { low: 1, substantial: 2, high: 3 };

export function loaAtLeast(actual: Loa, needed: Loa): boolean {
  // Own properties only: a level that arrived as '__proto__' or 'constructor' is no level (issue 13).
  const a = ownValue(rank, actual);
  const n = ownValue(rank, needed);
  return a !== undefined && n !== undefined && a >= n;
}

export function isLoa(v: unknown): v is Loa {
  return v === 'low' || v === 'substantial' || v === 'high';
}
