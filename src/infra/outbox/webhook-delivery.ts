/**
 * Change events to subscribed systems (Social Security's user management, regional systems...).
 *
 * The outbox already holds one 'webhook' row per change, written in the change's transaction.
 * This module fans each row out to one delivery per subscription whose client scope covers the
 * event, then delivers them: signed (Standard Webhooks: HMAC-SHA256 over `id.timestamp.body`,
 * so the timestamp is as authenticated as the body and a replay outside the tolerance window
 * is refused by the receiver), retried with exponential backoff, at least once, and in order per
 * (subscription, enterprise): a later event of an enterprise waits while an earlier one is
 * failing, so a receiver never sees "removed" before "appointed". Every attempt is logged in
 * webhook_attempt. Independent of any worker: a loop calls deliverPendingWebhooks().
 */
import { createHmac } from 'node:crypto';
import type { Deps } from '../../ports.ts';
import type { EventPayload } from './outbox.ts';

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;

export function webhookBackoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/** Standard Webhooks signature of a message: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

interface Subscription {
  id: string;
  url: string;
  secret: string;
  scope: string[];
}

/** Which subscriptions an event concerns: its service, its domain, or (main, co-main) every domain. */
export function isCovered(deps: Pick<Deps, 'catalogue'>, scope: string[], data: Record<string, unknown>): boolean {
  if (scope.includes('*')) return true;
  const service = typeof data.service === 'string' ? data.service : undefined;
  if (service) {
    const domain = deps.catalogue.service(service)?.domain;
    return scope.includes(service) || (domain !== undefined && scope.includes(domain));
  }
  const coversDomain = (d: string) =>
    scope.includes(d) || deps.catalogue.servicesOf(d).some((s) => scope.includes(s.code));
  // Mandates (data.scope) and client managers (data.domains) name several domains or services:
  // a subscriber hears of them only when its scope meets one, never of other domains' mandates.
  const items: { domain: string; service: string }[] = [];
  if (Array.isArray(data.scope)) {
    for (const i of data.scope as { domain?: unknown; service?: unknown }[]) {
      if (typeof i?.domain === 'string')
        items.push({ domain: i.domain, service: typeof i.service === 'string' ? i.service : '' });
    }
  }
  if (Array.isArray(data.domains))
    for (const d of data.domains) if (typeof d === 'string') items.push({ domain: d, service: '' });
  if (items.length)
    return items.some((i) =>
      i.service ? scope.includes(i.service) || scope.includes(i.domain) : coversDomain(i.domain),
    );
  const domain = typeof data.domain === 'string' && data.domain ? data.domain : undefined;
  // The main and co-main access managers manage every domain: every subscriber needs to know.
  if (!domain) return true;
  return coversDomain(domain);
}

/**
 * May this subscriber receive this event at all (issue 13, finding 7)? An event that names its
 * domains or services is judged on them (isCovered); one about a whole enterprise carries its
 * audience, and without a scope that meets it only a `*` subscriber hears of it.
 */
export function isEntitled(deps: Pick<Deps, 'catalogue'>, scope: string[], p: EventPayload): boolean {
  if (scope.includes('*')) return true;
  if (!p.audience) return isCovered(deps, scope, p.data);
  if (p.audience.all) return true;
  return p.audience.items.length > 0 && isCovered(deps, scope, { scope: p.audience.items });
}

/**
 * What one subscriber sees of an event: the appointments a register change made ineligible are
 * listed only where the subscriber's scope covers them (a main or co-main concerns every domain).
 */
export function viewFor(
  deps: Pick<Deps, 'catalogue'>,
  scope: string[],
  data: Record<string, unknown>,
): Record<string, unknown> {
  if (!Array.isArray(data.ineligibleAppointments) || scope.includes('*')) return data;
  const items = (data.ineligibleAppointments as { domain?: unknown }[]).filter(
    (a) => typeof a?.domain !== 'string' || !a.domain || isCovered(deps, scope, { domain: a.domain }),
  );
  return { ...data, ineligibleAppointments: items };
}

export interface DeliverOptions {
  fetch: typeof globalThis.fetch;
  now?: () => Date;
  batch?: number;
  timeoutMs?: number;
}

export async function deliverPendingWebhooks(deps: Deps, opts: DeliverOptions) {
  const now = opts.now ?? (() => deps.clock.now());
  const fannedOut = await fanOut(deps, now(), opts.batch ?? 200);
  const { delivered, failed, dead } = await deliver(deps, opts, now);
  return { fannedOut, delivered, failed, dead };
}

async function activeSubscriptions(deps: Deps): Promise<Subscription[]> {
  const rows = await deps.db.db
    .selectFrom('webhook_subscription as s')
    .innerJoin('api_client as c', 'c.id', 's.client_id')
    .select(['s.id', 's.url', 's.secret', 'c.scope'])
    .where('s.revoked_at', 'is', null)
    .where('c.revoked_at', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, url: r.url, secret: r.secret, scope: r.scope.split(',') }));
}

/** One delivery per (subscription, event); idempotent, so two nodes fanning out together is harmless. */
async function fanOut(deps: Deps, at: Date, batch: number): Promise<number> {
  const db = deps.db.db;
  const rows = await db
    .selectFrom('outbox')
    .select(['seq', 'id', 'enterprise_number', 'payload', 'created_at'])
    .where('channel', '=', 'webhook')
    .where('delivered_at', 'is', null)
    .orderBy('seq')
    .limit(batch)
    .execute();
  if (rows.length === 0) return 0;
  const subs = await activeSubscriptions(deps);
  const iso = at.toISOString();
  for (const row of rows) {
    const p = JSON.parse(row.payload) as EventPayload;
    await deps.db.unitOfWork(async (tx) => {
      for (const s of subs) {
        if (!isEntitled(deps, s.scope, p)) continue;
        const data = viewFor(deps, s.scope, p.data);
        const body = JSON.stringify({
          id: row.id,
          type: p.type,
          enterprise: p.enterprise,
          occurredAt: row.created_at,
          data,
        });
        await tx
          .insertInto('webhook_delivery')
          .values({
            id: `${s.id}:${row.seq}`,
            subscription_id: s.id,
            outbox_seq: row.seq,
            event_type: p.type,
            enterprise_number: row.enterprise_number,
            body,
            created_at: iso,
            attempts: 0,
            next_attempt_at: iso,
            delivered_at: null,
            last_status: null,
            last_error: null,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      // For the outbox, "delivered" means handed to every subscriber's queue.
      await tx
        .updateTable('outbox')
        .set({ delivered_at: iso, attempts: 1 })
        .where('seq', '=', row.seq)
        .where('delivered_at', 'is', null)
        .execute();
    });
  }
  return rows.length;
}

async function deliver(deps: Deps, opts: DeliverOptions, now: () => Date) {
  const db = deps.db.db;
  const subs = new Map((await activeSubscriptions(deps)).map((s) => [s.id, s]));
  const pending = await db
    .selectFrom('webhook_delivery')
    .selectAll()
    .where('delivered_at', 'is', null)
    .where('dead_at', 'is', null)
    .orderBy('outbox_seq')
    .limit(opts.batch ?? 500)
    .execute();
  const blocked = new Set<string>();
  let delivered = 0;
  let failed = 0;
  let dead = 0;
  for (const d of pending) {
    const sub = subs.get(d.subscription_id);
    const key = `${d.subscription_id}|${d.enterprise_number ?? ''}`;
    if (!sub || blocked.has(key)) continue;
    const t = now();
    if (d.next_attempt_at > t.toISOString()) {
      blocked.add(key); // an earlier event of this enterprise waits: later ones wait behind it
      continue;
    }
    const claimed = await db
      .updateTable('webhook_delivery')
      .set({ next_attempt_at: new Date(t.getTime() + LEASE_MS).toISOString() })
      .where('id', '=', d.id)
      .where('next_attempt_at', '=', d.next_attempt_at)
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      blocked.add(key); // another node holds it
      continue;
    }
    // The event's id, the same for every subscriber: the receiver's idempotency key.
    const messageId = (JSON.parse(d.body) as { id: string }).id;
    const timestamp = Math.floor(t.getTime() / 1000);
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await opts.fetch(sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': messageId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(sub.secret, messageId, timestamp, d.body),
          'user-agent': 'btb-webhooks/1',
        },
        body: d.body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        redirect: 'manual',
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = String((e as Error).message ?? e).slice(0, 500);
    }
    const attempts = d.attempts + 1;
    const doneAt = now();
    await db
      .insertInto('webhook_attempt')
      .values({ delivery_id: d.id, at: t.toISOString(), status, error, duration_ms: Date.now() - started })
      .execute();
    if (error === null) {
      await db
        .updateTable('webhook_delivery')
        .set({ delivered_at: doneAt.toISOString(), attempts, last_status: status, last_error: null })
        .where('id', '=', d.id)
        .execute();
      delivered++;
    } else if (attempts >= deps.config.webhookMaxAttempts) {
      // Dead-lettered: no more retries, and the events after it go on (an operator replays it).
      await db
        .updateTable('webhook_delivery')
        .set({ attempts, last_status: status, last_error: error, dead_at: doneAt.toISOString() })
        .where('id', '=', d.id)
        .execute();
      dead++;
    } else {
      await db
        .updateTable('webhook_delivery')
        .set({
          attempts,
          last_status: status,
          last_error: error,
          next_attempt_at: new Date(doneAt.getTime() + webhookBackoffMs(attempts)).toISOString(),
        })
        .where('id', '=', d.id)
        .execute();
      blocked.add(key);
      failed++;
    }
  }
  return { delivered, failed, dead };
}

/** Puts dead-lettered deliveries back in the queue, all or one subscription's; returns how many. */
export async function replayDeadWebhooks(deps: Deps, opts: { subscriptionId?: string } = {}): Promise<number> {
  let q = deps.db.db
    .updateTable('webhook_delivery')
    .set({ dead_at: null, attempts: 0, next_attempt_at: deps.clock.now().toISOString() })
    .where('dead_at', 'is not', null)
    .where('delivered_at', 'is', null);
  if (opts.subscriptionId) q = q.where('subscription_id', '=', opts.subscriptionId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** How many deliveries are dead-lettered, for /metrics. */
export async function countDeadWebhooks(deps: Deps): Promise<number> {
  const r = await deps.db.db
    .selectFrom('webhook_delivery')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('dead_at', 'is not', null)
    .where('delivered_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
