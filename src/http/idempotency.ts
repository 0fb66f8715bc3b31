import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { DomainError } from '../domain/errors.ts';
import type { Db } from '../infra/db/database.ts';
import { isActorRoute, methodsOf, routeHook } from './route-hooks.ts';

/** How long a response is kept for a repeat of its request (a retry, a second click). */
const TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A 'running' row older than this belongs to a request that never finished (its node stopped
 * between the claim and the answer): a repeat runs again, and the domain's own checks ("already
 * exists") hold as they would without a key.
 */
const ABANDONED_MS = 60_000;
/** How long a repeat waits for the first request, on whichever node, before a 409. */
const WAIT_MS = 15_000;
const POLL_MS = 25;
const PRUNE_EVERY_MS = 60_000;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[\x21-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/**
 * `Idempotency-Key` on writes (issue 16, item 11): the same person sending the same request
 * (method, URL, body) with the same key within a day gets the first response again, marked
 * `Idempotent-Replayed: true`, and nothing is done twice; a repeat that arrives while the first
 * is still running waits for it (409 `idempotency.in_progress` after 15 s). Server errors are not
 * kept, so a retry after one runs again. The answers live in the database (`idempotency_key`), so
 * a repeat that a load balancer sends to another node is answered the same way.
 */
export function installIdempotency(app: FastifyInstance, db: Db, now: () => number = Date.now): void {
  let prunedAt = 0;
  const prune = async () => {
    if (now() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now();
    await db
      .deleteFrom('idempotency_key')
      .where('created_ms', '<', now() - TTL_MS)
      .execute();
  };
  const keyOf = (req: FastifyRequest): string | undefined => {
    const given = req.headers['idempotency-key'];
    if (typeof given !== 'string' || !WRITES.has(req.method) || !KEY.test(given) || !req.actor) return undefined;
    const who = `${req.actor.via}:${req.actor.personNumber ?? req.actor.foreignId ?? ''}`;
    const body = req.body === undefined ? '' : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    return createHash('sha256').update(`${who}\0${req.method} ${req.url}\0${given}\0${body}`).digest('hex');
  };
  /** true when this request now owns the key */
  const claim = async (key: string): Promise<boolean> => {
    const r = await db
      .insertInto('idempotency_key')
      .values({ key, state: 'running', created_ms: now(), body_base64: 0 })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  };

  // Only where a key can apply: a write on a route a person calls (keyOf needs an actor).
  const applies = (route: RouteOptions) => isActorRoute(route) && methodsOf(route).some((m) => WRITES.has(m));
  // after the actor is known (installAuth's preHandler runs first)
  routeHook(app, 'preHandler', 'idempotencyClaim', applies, async (req, reply) => {
    const key = keyOf(req);
    if (!key) return;
    await prune();
    const until = now() + WAIT_MS;
    for (;;) {
      if (await claim(key)) {
        req.idempotencyKey = key;
        return;
      }
      const row = await db.selectFrom('idempotency_key').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row) continue; // the first one failed and let go: run this one
      const age = now() - Number(row.created_ms);
      if (age > TTL_MS || (row.state === 'running' && age > ABANDONED_MS)) {
        await db
          .deleteFrom('idempotency_key')
          .where('key', '=', key)
          .where('created_ms', '=', row.created_ms)
          .execute();
        continue;
      }
      if (row.state === 'done' && row.status !== null && row.body !== null) {
        reply.code(row.status).header('idempotent-replayed', 'true');
        if (row.content_type) reply.header('content-type', row.content_type);
        return reply.send(row.body_base64 ? Buffer.from(row.body, 'base64') : row.body);
      }
      if (now() >= until) {
        throw new DomainError('idempotency.in_progress', { retryAfterSeconds: 5 });
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });

  routeHook(app, 'onSend', 'idempotencyKeep', applies, async (req, reply, payload) => {
    const key = req.idempotencyKey;
    if (!key) return payload;
    req.idempotencyKey = undefined;
    if (reply.statusCode < 500 && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      const type = reply.getHeader('content-type');
      await db
        .updateTable('idempotency_key')
        .set({
          state: 'done',
          status: reply.statusCode,
          content_type: typeof type === 'string' ? type : null,
          body: typeof payload === 'string' ? payload : payload.toString('base64'),
          body_base64: typeof payload === 'string' ? 0 : 1,
        })
        .where('key', '=', key)
        .execute();
    } else await db.deleteFrom('idempotency_key').where('key', '=', key).execute();
    return payload;
  });

  // a request that ended without a response (aborted) must not keep its repeats waiting
  routeHook(app, 'onResponse', 'idempotencyRelease', applies, async (req) => {
    const key = req.idempotencyKey;
    if (key) await db.deleteFrom('idempotency_key').where('key', '=', key).execute();
  });
}
