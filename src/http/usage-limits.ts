/**
 * The usage limits of the HTTP edge (issue 13, finding 10): who may make how much fan-out work
 * per hour. Proposing and ending mandates count one unit each, bulk requests one unit per line
 * (or per client and service): per person, and per API client when the bearer token names one.
 * The public exception procedure counts accepted submissions per requester address; a refused
 * submission (too large, wrong type, bad proof) gives its unit back. With a Redis URL the
 * counters are shared by every node.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../app/shared/record.ts';
import { DomainError } from '../domain/errors.ts';
import type { Config } from '../infra/config.ts';
import { createLimiter, type UnitLimiter } from '../infra/rate-limit/limiter.ts';

const HOUR = 3_600_000;

export interface UsageLimits {
  readonly limiter: UnitLimiter;
  /** the ctx of a request whose use case counts mandate units */
  withMandateBudget(ctx: Ctx): Ctx;
  /** onRequest of the public submission: counts one, or refuses */
  takeExceptionSubmission(request: FastifyRequest): Promise<void>;
  /** onResponse of the public submission: a refused submission does not count */
  settleExceptionSubmission(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /**
   * The store for @fastify/rate-limit's per-address limits (the public reads, the login): the
   * shared Redis under the configured prefix and `name` when one is configured, so that a caller
   * gets one allowance whichever node answers; this process's memory otherwise.
   */
  sharedStore(name: string): { redis?: NonNullable<UnitLimiter['redis']>; nameSpace?: string };
  close(): Promise<void>;
}

function exceeded(limit: string, max: number, windowSeconds: number, retryAfterSeconds: number, units: number): never {
  // retryAt too, so that a page can say until when without knowing when the answer left
  const retryAt = new Date(Date.now() + retryAfterSeconds * 1000).toISOString();
  throw new DomainError('rate_limit.exceeded', { limit, max, windowSeconds, units, retryAfterSeconds, retryAt });
}

const taken = Symbol('exception submission counted');

export function createUsageLimits(config: Config): UsageLimits {
  const limiter = createLimiter(config.rateLimit);
  const rules = config.rateLimit;

  async function spendMandateUnits(ctx: Ctx, units: number): Promise<void> {
    if (units <= 0) return;
    const who = ctx.actor.personNumber ?? ctx.actor.foreignId ?? 'unknown';
    const actorKey = `mandate:actor:${who}`;
    const a = await limiter.take(actorKey, units, rules.mandateUnitsPerActorPerHour, HOUR);
    if (!a.isAllowed)
      exceeded('mandate.per_actor', rules.mandateUnitsPerActorPerHour, 3600, a.retryAfterSeconds, units);
    if (!ctx.actor.clientId) return;
    const c = await limiter.take(
      `mandate:client:${ctx.actor.clientId}`,
      units,
      rules.mandateUnitsPerClientPerHour,
      HOUR,
    );
    if (!c.isAllowed) {
      await limiter.give(actorKey, units);
      exceeded('mandate.per_client', rules.mandateUnitsPerClientPerHour, 3600, c.retryAfterSeconds, units);
    }
  }

  const exceptionKey = (r: FastifyRequest) => `exception:address:${r.ip}`;
  const perAddress = config.exception.ratePerAddressPerHour;

  return {
    limiter,
    withMandateBudget: (ctx) => ({ ...ctx, spend: (units) => spendMandateUnits(ctx, units) }),
    async takeExceptionSubmission(request) {
      const t = await limiter.take(exceptionKey(request), 1, perAddress, HOUR);
      if (!t.isAllowed) exceeded('exception.per_address', perAddress, 3600, t.retryAfterSeconds, 1);
      (request as unknown as Record<symbol, boolean>)[taken] = true;
    },
    async settleExceptionSubmission(request, reply) {
      if ((request as unknown as Record<symbol, boolean>)[taken] && reply.statusCode !== 201) {
        await limiter.give(exceptionKey(request), 1);
      }
    },
    sharedStore: (name) =>
      limiter.redis ? { redis: limiter.redis, nameSpace: `${config.rateLimit.redisPrefix}${name}:` } : {},
    close: () => limiter.close(),
  };
}
