/**
 * Counters of usage per key and time window, counted in units (a 10,000-line bulk request is
 * 10,000 units), in this process's memory by default or in Redis when several btb nodes must
 * share them (issue 13, finding 10). A request that would go over the limit is refused without
 * being counted; `give` hands back units of a request that turned out not to count.
 */
import { Redis } from 'ioredis';

export interface Taken {
  isAllowed: boolean;
  /** units used in the current window, this request included when allowed */
  used: number;
  /** seconds until the window starts afresh */
  retryAfterSeconds: number;
}

export interface UnitLimiter {
  take(key: string, units: number, max: number, windowMs: number): Promise<Taken>;
  give(key: string, units: number): Promise<void>;
  /** the Redis connection, for @fastify/rate-limit's own counters; absent in memory */
  readonly redis?: Redis;
  close(): Promise<void>;
}

/** Fixed windows in a Map: one process, the single-node default. */
export function memoryLimiter(now: () => number = Date.now): UnitLimiter {
  const windows = new Map<string, { used: number; resetAt: number }>();
  return {
    async take(key, units, max, windowMs) {
      const t = now();
      let w = windows.get(key);
      if (!w || w.resetAt <= t) {
        w = { used: 0, resetAt: t + windowMs };
        windows.set(key, w);
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((w.resetAt - t) / 1000));
      if (w.used + units > max) return { isAllowed: false, used: w.used, retryAfterSeconds };
      w.used += units;
      return { isAllowed: true, used: w.used, retryAfterSeconds };
    },
    async give(key, units) {
      const w = windows.get(key);
      if (w) w.used = Math.max(0, w.used - units);
    },
    async close() {
      windows.clear();
    },
  };
}

// Check and count in one step, so that two nodes never both take the last units.
const TAKE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local units = tonumber(ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = tonumber(ARGV[3]) end
if used + units > tonumber(ARGV[2]) then return {0, used, ttl} end
used = redis.call('INCRBY', KEYS[1], units)
if used == units then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {1, used, ttl}`;
const GIVE = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  local left = redis.call('DECRBY', KEYS[1], ARGV[1])
  if left < 0 then redis.call('SET', KEYS[1], 0, 'KEEPTTL') end
end
return 1`;

/** Counters in Redis, shared by every node that uses the same server and prefix. */
export function redisLimiter(url: string, prefix: string): UnitLimiter {
  // Fail fast rather than queue: a limit that cannot be checked refuses the request (503).
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, enableOfflineQueue: true });
  return {
    redis,
    async take(key, units, max, windowMs) {
      const [ok, used, ttl] = (await redis.eval(TAKE, 1, prefix + key, units, max, windowMs)) as [
        number,
        number,
        number,
      ];
      return { isAllowed: ok === 1, used, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
    },
    async give(key, units) {
      await redis.eval(GIVE, 1, prefix + key, units);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export function createLimiter(c: { redisUrl?: string; redisPrefix: string }): UnitLimiter {
  return c.redisUrl ? redisLimiter(c.redisUrl, c.redisPrefix) : memoryLimiter();
}
