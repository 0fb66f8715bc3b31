import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** How long a response is kept for a repeat of its request (a retry, a second click). */
const TTL_MS = 24 * 60 * 60 * 1000;
/** A bound on memory: the oldest answers go first. */
const MAX_ENTRIES = 10_000;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[\x21-\x7e]{1,255}$/;

interface Entry {
  at: number;
  done?: { status: number; type: string | undefined; body: string | Buffer };
  waiting: Promise<void>;
  finish(): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/**
 * `Idempotency-Key` on writes (issue 16, item 11): the same person sending the same request
 * (method, URL, body) with the same key within a day gets the first response again, marked
 * `Idempotent-Replayed: true`, and nothing is done twice; a repeat that arrives while the first
 * is still running waits for it. Server errors are not kept, so a retry after one runs again.
 * The store is this process's memory: behind several app nodes a load balancer keeps a person on
 * one node, or a repeat may reach another node and be done there (the domain's own checks, e.g.
 * "already exists", still hold).
 */
export function installIdempotency(app: FastifyInstance, now: () => number = Date.now): void {
  const store = new Map<string, Entry>();
  const prune = () => {
    const limit = now() - TTL_MS;
    for (const [k, e] of store) {
      if (e.at >= limit && store.size <= MAX_ENTRIES) break;
      if (e.done || e.at < limit) store.delete(k);
      else break;
    }
  };
  const keyOf = (req: FastifyRequest): string | undefined => {
    const given = req.headers['idempotency-key'];
    if (typeof given !== 'string' || !WRITES.has(req.method) || !KEY.test(given) || !req.actor) return undefined;
    const who = `${req.actor.via}:${req.actor.personNumber ?? req.actor.foreignId ?? ''}`;
    const body = req.body === undefined ? '' : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    return createHash('sha256').update(`${who}\0${req.method} ${req.url}\0${given}\0${body}`).digest('hex');
  };

  // after the actor is known (installAuth's preHandler runs first)
  app.addHook('preHandler', async (req, reply) => {
    const key = keyOf(req);
    if (!key) return;
    prune();
    let entry = store.get(key);
    if (entry && !entry.done) await entry.waiting;
    entry = store.get(key);
    if (entry?.done) {
      reply.code(entry.done.status).header('idempotent-replayed', 'true');
      if (entry.done.type) reply.header('content-type', entry.done.type);
      return reply.send(entry.done.body);
    }
    let finish = () => {};
    const waiting = new Promise<void>((resolve) => {
      finish = resolve;
    });
    store.set(key, { at: now(), waiting, finish });
    req.idempotencyKey = key;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const key = req.idempotencyKey;
    const entry = key ? store.get(key) : undefined;
    if (!key || !entry || entry.done) return payload;
    if (reply.statusCode < 500 && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      const type = reply.getHeader('content-type');
      entry.done = { status: reply.statusCode, type: typeof type === 'string' ? type : undefined, body: payload };
    } else store.delete(key);
    entry.finish();
    return payload;
  });

  // a request that ended without a response (aborted) must not keep its repeats waiting
  app.addHook('onResponse', async (req) => {
    const key = req.idempotencyKey;
    const entry = key ? store.get(key) : undefined;
    if (key && entry && !entry.done) {
      store.delete(key);
      entry.finish();
    }
  });
}
