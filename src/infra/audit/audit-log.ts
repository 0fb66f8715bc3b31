import { createHash, randomUUID } from 'node:crypto';
import type { Db, Engine, Tx } from '../db/database.ts';
import type { AuditEventTable } from '../db/schema.ts';

export interface AuditInput {
  at: string;
  actor: string | null;
  actorRole: string | null;
  enterprise: string | null;
  action: string;
  target: string | null;
  before?: unknown;
  after?: unknown;
  procedure?: string | null;
  requestId?: string | null;
}

const GENESIS = '0'.repeat(64);

export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * The head each open transaction moved the chain to, so that the unit of work can anchor it once
 * the transaction has committed (anchor.ts). Keyed by the transaction object; cleared by the unit
 * of work before it runs (SQLite reuses its one connection object for every transaction).
 */
const appendedHeads = new WeakMap<object, AuditHead>();

export function appendedHead(tx: object): AuditHead | undefined {
  return appendedHeads.get(tx);
}

export function forgetAppendedHead(tx: object): void {
  appendedHeads.delete(tx);
}

/** The hashed content of an event: every field but the hash itself, in a fixed order. */
export function hashEvent(e: Omit<AuditEventTable, 'hash'>): string {
  const canonical = JSON.stringify([
    e.seq,
    e.id,
    e.at,
    e.actor,
    e.actor_role,
    e.enterprise_number,
    e.action,
    e.target,
    e.before_json,
    e.after_json,
    e.procedure,
    e.request_id,
    e.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends an event to the hash chain inside the caller's transaction. The head row is locked
 * (FOR UPDATE on PostgreSQL; SQLite serialises writers), so concurrent writers on several nodes
 * still produce one unbroken chain.
 */
export async function appendAudit(tx: Tx, engine: Engine, input: AuditInput): Promise<number> {
  const headQuery = tx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  const head = await (engine === 'postgres' ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
  const row: Omit<AuditEventTable, 'hash'> = {
    seq: head.seq + 1,
    id: randomUUID(),
    at: input.at,
    actor: input.actor,
    actor_role: input.actorRole,
    enterprise_number: input.enterprise,
    action: input.action,
    target: input.target,
    before_json: input.before === undefined ? null : JSON.stringify(input.before),
    after_json: input.after === undefined ? null : JSON.stringify(input.after),
    procedure: input.procedure ?? null,
    request_id: input.requestId ?? null,
    prev_hash: head.hash,
  };
  const hash = hashEvent(row);
  await tx
    .insertInto('audit_event')
    .values({ ...row, hash })
    .execute();
  await tx.updateTable('audit_head').set({ seq: row.seq, hash }).where('id', '=', 1).execute();
  appendedHeads.set(tx, { seq: row.seq, hash });
  return row.seq;
}

export type VerifyResult =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: number; reason: string };

/** Walks the chain in order and names the first event whose link or content does not hold. */
export async function verifyAudit(db: Db, onProgress?: (n: number) => void): Promise<VerifyResult> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  const pageSize = 5000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { ok: false, events: count, brokenAt: expectedSeq, reason: 'missing event' };
      if (r.prev_hash !== prev)
        return { ok: false, events: count, brokenAt: r.seq, reason: 'link to previous event broken' };
      const { hash, ...rest } = r;
      if (hashEvent(rest) !== hash) return { ok: false, events: count, brokenAt: r.seq, reason: 'content altered' };
      prev = hash;
      expectedSeq++;
      count++;
    }
    onProgress?.(count);
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  if (head.seq !== count || head.hash !== prev) {
    return { ok: false, events: count, brokenAt: count + 1, reason: 'chain head does not match the last event' };
  }
  return { ok: true, events: count };
}
