/**
 * What the exception procedure's use cases share: the operator check, the requester as an
 * audit actor, the request's history, secrets (reference, one-time code, follow-up token).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Actor, loaAtLeast } from '../../domain/actor.ts';
import { otherActorLevels } from '../../domain/authorize.ts';
import { DomainError } from '../../domain/errors.ts';
import { addWorkingDays, brusselsDate, workingDaysBetween } from '../../domain/working-days.ts';
import type { Queryable, Tx } from '../../infra/db/database.ts';
import type { ExceptionRequestTable, ExceptionStatus } from '../../infra/db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx, MailTo } from '../shared/record.ts';

export type Lang = 'nl' | 'fr' | 'de' | 'en';
export const reasons = ['no_eid', 'not_in_register', 'foreign_enterprise', 'other'] as const;
export const attachmentKinds = ['signed_form', 'identity_document', 'proof_of_representation', 'other'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];
/** statuses in which the service desk still has work to do, or waits for the requester */
export const openStatuses: ExceptionStatus[] = ['submitted', 'info_requested', 'answered', 'pending_confirmation'];

export const SERVICE_DESK = 'service_desk';
export const REQUESTER = 'requester';

/**
 * Operators log in like everyone else (substantial or higher) and are listed in the operator
 * table. Checked first in every service-desk use case, inside its transaction.
 */
export async function requireOperator(q: Queryable, actor: Actor): Promise<string> {
  const person = actor.personNumber;
  const row = person
    ? await q.selectFrom('operator').select('person_number').where('person_number', '=', person).executeTakeFirst()
    : undefined;
  if (!row || !person) throw new DomainError('authorization.not_operator');
  const needed = otherActorLevels.operator.loa;
  if (!loaAtLeast(actor.loa, needed)) {
    throw new DomainError('authentication.insufficient_assurance', { needed, current: actor.loa });
  }
  return person;
}

/**
 * A person's identities: their own id and every one a confirmed person link ties to it (an eIDAS
 * identifier and the Belgian number it was linked to are one person). For conflict-of-interest
 * checks: what is compared must not depend on which of their identities a record names.
 */
export async function identitiesOf(q: Queryable, person: string): Promise<Set<string>> {
  const linked = await q
    .selectFrom('person_link')
    .select(['eidas_id', 'person_number'])
    .where('status', '=', 'linked')
    .where((w) => w.or([w('eidas_id', '=', person), w('person_number', '=', person)]))
    .execute();
  return new Set([person, ...linked.flatMap((l) => [l.eidas_id, l.person_number])]);
}

/**
 * The requester has no login: in the audit log they appear under the request's reference.
 * When they did log in (a foreign eIDAS identity, say), their own identity is used instead.
 */
export function requesterCtx(reference: string, actor: Actor | undefined, requestId?: string): Ctx {
  return {
    actor: actor ?? {
      personNumber: null,
      foreignId: `requester:${reference}`,
      loa: 'low',
      means: 'token',
      via: 'bearer',
    },
    requestId,
  };
}

export function actorId(actor: Actor): string | null {
  return actor.personNumber ?? (actor.foreignId ? `foreign:${actor.foreignId}` : null);
}

export async function addHistory(
  tx: Tx,
  entry: {
    requestId: string;
    at: string;
    actor: string | null;
    role: string;
    action: string;
    message?: string | null;
    details?: unknown;
  },
): Promise<void> {
  await tx
    .insertInto('exception_history')
    .values({
      id: randomUUID(),
      request_id: entry.requestId,
      at: entry.at,
      actor: entry.actor,
      actor_role: entry.role,
      action: entry.action,
      message: entry.message ?? null,
      details_json: entry.details === undefined ? null : JSON.stringify(entry.details),
    })
    .execute();
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

// Crockford's base32 without I, L, O, U: read aloud and typed from a letter without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function base32(n: number): string {
  const bytes = randomBytes(n);
  return [...bytes].map((b) => ALPHABET[b & 31]).join('');
}

/** A reference the requester can read over the phone: EXC-XXXX-XXXX (40 random bits). */
export function newReference(): string {
  const r = base32(8);
  return `EXC-${r.slice(0, 4)}-${r.slice(4)}`;
}

/** The one-time code of the mail: 10 base32 characters (50 bits), single use, few attempts. */
export function newCode(): string {
  return base32(10);
}

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export const CODE_TTL_MS = 14 * 86_400_000;
export const TOKEN_TTL_MS = 24 * 3_600_000;
export const MAX_CODE_ATTEMPTS = 5;

export function followLink(deps: Deps, reference: string): string {
  return `${deps.config.publicUrl}/exception/follow?reference=${encodeURIComponent(reference)}`;
}

export function requesterMail(
  r: Pick<ExceptionRequestTable, 'requester_email' | 'language' | 'reference' | 'enterprise_number'>,
  template: string,
  params: Record<string, unknown>,
  deps: Deps,
): MailTo {
  return {
    to: r.requester_email,
    language: r.language,
    template,
    params: { reference: r.reference, enterprise: r.enterprise_number, link: followLink(deps, r.reference), ...params },
  };
}

export function targetDate(submittedAt: Date, workingDays: number): string {
  return addWorkingDays(brusselsDate(submittedAt), workingDays);
}

/** Time left against the target, in working days, and the warning the queue shows. */
export function timeLeft(
  target: string,
  now: Date,
  warnDays: number,
): { workingDaysLeft: number; warning: 'near' | 'past' | null } {
  const left = workingDaysBetween(brusselsDate(now), target);
  return { workingDaysLeft: left, warning: left < 0 ? 'past' : left <= warnDays ? 'near' : null };
}

export async function loadRequest(tx: Tx, engine: 'sqlite' | 'postgres', id: string): Promise<ExceptionRequestTable> {
  const q = tx.selectFrom('exception_request').selectAll().where('id', '=', id);
  // PostgreSQL: one decision at a time per request (SQLite serialises writers anyway).
  const row = await (engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  if (!row) throw new DomainError('exception.not_found');
  return row;
}

/** Moves a request from one status to the next only if nobody else moved it meanwhile. */
export async function transition(
  tx: Tx,
  r: ExceptionRequestTable,
  to: ExceptionStatus,
  set: Partial<ExceptionRequestTable>,
  at: string,
): Promise<void> {
  const res = await tx
    .updateTable('exception_request')
    .set({ ...set, status: to, updated_at: at })
    .where('id', '=', r.id)
    .where('status', '=', r.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new DomainError('exception.concurrent_change');
}

/** The request a follow-up token opens, or an error that says nothing about which part was wrong. */
export async function requestByToken(q: Queryable, token: string, now: string): Promise<ExceptionRequestTable> {
  const row = await q
    .selectFrom('exception_follow_token')
    .innerJoin('exception_request', 'exception_request.id', 'exception_follow_token.request_id')
    .selectAll('exception_request')
    .where('exception_follow_token.token_hash', '=', sha256(token))
    .where('exception_follow_token.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) throw new DomainError('exception.follow_token_invalid');
  return row;
}
