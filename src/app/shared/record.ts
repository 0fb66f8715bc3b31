import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/actor.ts';
import { appendAudit } from '../../infra/audit/audit-log.ts';
import type { Tx } from '../../infra/db/database.ts';
import { enqueue } from '../../infra/outbox/outbox.ts';
import type { Deps } from '../deps.ts';

export interface Ctx {
  actor: Actor;
  requestId?: string;
  /**
   * Counts `units` of fan-out work against the caller's limits before it is done, or refuses
   * with rate_limit.exceeded (issue 13, finding 10). Set by the HTTP edge; absent, nothing counts.
   */
  spend?: (units: number) => Promise<void>;
}

export interface MailTo {
  to: string | null | undefined;
  language: string | null | undefined;
  template: string;
  params: Record<string, unknown>;
}

export interface Change {
  at: string;
  actorRole: string;
  enterprise: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  procedure?: string | null;
  mails?: MailTo[];
  /** a domain event for subscribed systems (webhooks) */
  event?: { type: string; data: Record<string, unknown> };
}

/** How the audit log names a person: their national or BIS number, else `foreign:<id>`. */
export function actorId(a: { personNumber: string | null; foreignId?: string }): string | null {
  return a.personNumber ?? (a.foreignId ? `foreign:${a.foreignId}` : null);
}

/**
 * The one way a use case records a change: its audit event, its mails and its event are written
 * in the caller's transaction, so they exist exactly when the change does.
 */
export async function record(tx: Tx, deps: Deps, ctx: Ctx, change: Change): Promise<number> {
  const seq = await appendAudit(tx, deps.db.engine, {
    at: change.at,
    actor: actorId(ctx.actor),
    actorRole: change.actorRole,
    enterprise: change.enterprise,
    action: change.action,
    target: change.target,
    before: change.before,
    after: change.after,
    procedure: change.procedure ?? null,
    requestId: ctx.requestId ?? null,
  });
  for (const m of change.mails ?? []) {
    if (!m.to) continue;
    await enqueue(tx, {
      // The id must stay short (an address can be 254 characters): hash the address.
      id: `mail:${seq}:${createHash('sha256').update(m.to).digest('hex').slice(0, 16)}:${m.template}`.slice(0, 64),
      at: change.at,
      enterprise: change.enterprise,
      payload: {
        kind: 'mail',
        to: m.to,
        language: m.language ?? 'nl',
        template: m.template,
        params: await namesIn(tx, m.params, m.language),
      },
    });
  }
  if (change.event) {
    await enqueue(tx, {
      id: `event:${seq}`,
      at: change.at,
      enterprise: change.enterprise,
      payload: {
        kind: 'event',
        type: change.event.type,
        enterprise: change.enterprise,
        data: { ...change.event.data, auditSeq: seq },
      },
    });
  }
  return seq;
}

export async function personContact(
  tx: Tx,
  personNumber: string,
): Promise<{ email: string | null; language: string; name: string | null }> {
  const p = await tx
    .selectFrom('person')
    .select(['email', 'language', 'given_name', 'family_name'])
    .where('number', '=', personNumber)
    .executeTakeFirst();
  return {
    email: p?.email ?? null,
    language: p?.language ?? 'nl',
    name: p ? `${p.given_name} ${p.family_name}` : null,
  };
}

/** Mail parameters naming an enterprise (by its number) and its name. */
const NAMED = [
  ['enterprise', 'enterpriseName'],
  ['mandator', 'mandatorName'],
  ['mandatary', 'mandataryName'],
  ['vendor', 'vendorName'],
] as const;

/** Each enterprise a mail names, in the recipient's language (issue 14, item 5). */
export async function namesIn(tx: Tx, params: Record<string, unknown>, language: string | null | undefined) {
  const out = { ...params };
  for (const [numberKey, nameKey] of NAMED) {
    const number = params[numberKey];
    if (typeof number === 'string' && nameKey in params) out[nameKey] = await enterpriseName(tx, number, language);
  }
  return out;
}

/** KBO language codes of denominations (denomination.csv): 1 fr, 2 nl, 3 de, 4 en. */
const KBO_LANGUAGE: Record<string, string> = { fr: '1', nl: '2', de: '3', en: '4' };

/**
 * The enterprise's name for a reader: its name (type 001), else its commercial name (003), in the
 * reader's language when the register has one, else the official name (issue 14, item 5).
 */
export async function enterpriseName(tx: Tx, enterpriseNumber: string, language?: string | null): Promise<string> {
  const rows = await tx
    .selectFrom('denomination')
    .select(['denomination', 'type', 'language'])
    .where('entity_number', '=', enterpriseNumber)
    .execute();
  return pickDenomination(rows, language)?.denomination ?? enterpriseNumber;
}

export function pickDenomination<T extends { type: string; language: string }>(
  rows: T[],
  language?: string | null,
): T | undefined {
  const code = language ? KBO_LANGUAGE[language] : undefined;
  const rank = (r: T) =>
    r.language === code && r.type === '001'
      ? 0
      : r.language === code && r.type === '003'
        ? 1
        : r.type === '001'
          ? 2
          : 3;
  return [...rows].sort(
    (a, b) => rank(a) - rank(b) || a.type.localeCompare(b.type) || a.language.localeCompare(b.language),
  )[0];
}
