import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { SessionTable } from '../db/schema.ts';
import type { Identity } from './claims.ts';

/** Session and login-request persistence. Tokens live in cookies; the tables hold their SHA-256. */
export type SessionRow = SessionTable;

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const minutes = (n: number) => n * 60_000;

export async function createSession(
  db: Db,
  input: {
    identity: Identity;
    issuer: string;
    idToken?: string;
    userAgent?: string;
    now: Date;
    timeouts: SessionTimeouts;
  },
): Promise<{ token: string; session: SessionRow }> {
  const token = newToken();
  const { identity: id, now } = input;
  const personNumber = id.foreignId ? await rememberEidasPerson(db, id.foreignId, id, now) : id.personNumber;
  const session: SessionRow = {
    id: randomUUID(),
    token_hash: hashToken(token),
    person_number: personNumber,
    foreign_id: id.foreignId ?? null,
    subject: id.subject,
    issuer: input.issuer,
    loa: id.loa,
    means: id.means,
    family_name: id.familyName ?? null,
    given_name: id.givenName ?? null,
    email: id.email ?? null,
    email_verified: id.emailVerified ? 1 : 0,
    locale: id.locale ?? null,
    user_agent: input.userAgent?.slice(0, 512) ?? null,
    id_token: input.idToken ?? null,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + minutes(input.timeouts.absoluteHours * 60)).toISOString(),
    revoked_at: null,
  };
  await db.insertInto('session').values(session).execute();
  return { token, session };
}

/**
 * Keeps what eIDAS guarantees about the person (no register does), and answers who they are in
 * btb: their eIDAS identifier, or the BIS number the service desk linked it to (issue 19).
 */
async function rememberEidasPerson(db: Db, eidasId: string, id: Identity, now: Date): Promise<string> {
  const at = now.toISOString();
  const facts = {
    family_name: id.familyName ?? null,
    given_name: id.givenName ?? null,
    birth_date: id.birthDate ?? null,
  };
  await db
    .insertInto('eidas_person')
    .values({ id: eidasId, country: eidasId.slice(0, 2), ...facts, first_seen_at: at, last_seen_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...facts, last_seen_at: at }))
    .execute();
  const link = await db
    .selectFrom('person_link')
    .select('person_number')
    .where('eidas_id', '=', eidasId)
    .where('status', '=', 'linked')
    .executeTakeFirst();
  return link?.person_number ?? eidasId;
}

function isActive(s: SessionRow, now: Date, t: SessionTimeouts): boolean {
  if (s.revoked_at) return false;
  if (s.expires_at <= now.toISOString()) return false;
  return new Date(s.last_seen_at).getTime() + minutes(t.idleMinutes) > now.getTime();
}

/**
 * The live session behind a cookie token, or undefined (unknown, revoked, idle or past its
 * absolute end). Marks it seen, at most once a minute, so that a page full of requests is not
 * a page full of writes.
 */
export async function findActiveSession(
  db: Db,
  token: string,
  now: Date,
  timeouts: SessionTimeouts,
): Promise<SessionRow | undefined> {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const s = await db.selectFrom('session').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!s || !isActive(s, now, timeouts)) return undefined;
  if (now.getTime() - new Date(s.last_seen_at).getTime() > 60_000) {
    s.last_seen_at = now.toISOString();
    await db.updateTable('session').set({ last_seen_at: s.last_seen_at }).where('id', '=', s.id).execute();
  }
  return s;
}

export async function revokeSession(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('session')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export interface Who {
  personNumber: string | null;
  foreignId?: string;
}

function byWho<Q extends { where: (...a: any[]) => any }>(q: Q, who: Who): Q {
  return who.personNumber
    ? q.where('person_number', '=', who.personNumber)
    : q.where('foreign_id', '=', who.foreignId ?? '\u0000');
}

export async function listActiveSessions(
  db: Db,
  who: Who,
  now: Date,
  timeouts: SessionTimeouts,
): Promise<SessionRow[]> {
  if (!who.personNumber && !who.foreignId) return [];
  const rows: SessionRow[] = await byWho(
    db.selectFrom('session').selectAll().where('revoked_at', 'is', null).where('expires_at', '>', now.toISOString()),
    who,
  )
    .orderBy('created_at', 'desc')
    .execute();
  return rows.filter((s) => isActive(s, now, timeouts));
}

/** "Log out everywhere": every session of this person ends now. */
export async function revokeAllSessions(db: Db, who: Who, now: Date): Promise<number> {
  if (!who.personNumber && !who.foreignId) return 0;
  const res = await byWho(
    db.updateTable('session').set({ revoked_at: now.toISOString() }).where('revoked_at', 'is', null),
    who,
  ).executeTakeFirst();
  return Number(res.numUpdatedRows ?? 0);
}

export interface LoginRequest {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  loa: string | null;
}

const LOGIN_TTL_MINUTES = 10;

/** Stores a login in flight; returns the browser-binding token for the `btb_login` cookie. */
export async function saveLoginRequest(db: Db, req: LoginRequest, now: Date): Promise<string> {
  const token = newToken();
  await db.deleteFrom('login_request').where('expires_at', '<', now.toISOString()).execute();
  await db
    .insertInto('login_request')
    .values({
      id_hash: hashToken(token),
      state: req.state,
      nonce: req.nonce,
      code_verifier: req.codeVerifier,
      return_to: req.returnTo,
      loa: req.loa,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + minutes(LOGIN_TTL_MINUTES)).toISOString(),
    })
    .execute();
  return token;
}

/** Takes a login in flight once: a second callback with the same cookie finds nothing (no replay). */
export async function takeLoginRequest(db: Db, token: string, now: Date): Promise<LoginRequest | undefined> {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const idHash = hashToken(token);
  const row = await db.selectFrom('login_request').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) return undefined;
  const deleted = await db.deleteFrom('login_request').where('id_hash', '=', idHash).executeTakeFirst();
  // Two concurrent callbacks: only the one that deleted the row goes on.
  if (Number(deleted.numDeletedRows ?? 0) !== 1) return undefined;
  if (row.expires_at <= now.toISOString()) return undefined;
  return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to, loa: row.loa };
}
