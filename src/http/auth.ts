import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../app/deps.ts';
import { linkedNumberOf } from '../app/exception/link-person.ts';
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { BearerVerifier } from '../infra/auth/bearer.ts';
import { isActorRoute, routeHook } from './route-hooks.ts';

/** Finds the actor of a request, or undefined when this resolver does not apply. */
export type ActorResolver = (request: FastifyRequest) => Promise<Actor | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
  interface FastifyContextConfig {
    /** false: the route has its own credential (the metrics token) and no person acts on it */
    btbActor?: false;
  }
}

/**
 * A token names an eIDAS person by their eIDAS identifier even after the service desk linked it
 * to a Belgian number (issue 19): they act as that number, like a browser login does. Only
 * tokens of eIDAS persons cost the look-up.
 */
export function linkedEidasResolver(deps: Deps, inner: ActorResolver): ActorResolver {
  return async (request) => {
    const actor = await inner(request);
    if (!actor?.foreignId || actor.personNumber !== actor.foreignId) return actor;
    const linked = await linkedNumberOf(deps, actor.foreignId);
    return linked ? { ...actor, personNumber: linked } : actor;
  };
}

export function bearerResolver(verify: BearerVerifier): ActorResolver {
  return async (request) => {
    const header = request.headers.authorization;
    if (!header?.toLowerCase().startsWith('bearer ')) return undefined;
    // Check API client tokens (routes/authzen.ts) are not persons' tokens: that route reads them.
    if (header.slice(7).trim().startsWith('btbat_')) return undefined;
    return verify(header.slice(7).trim());
  };
}

/**
 * Resolves the actor once per request, before the handler. The bearer path and the session
 * path produce the same Actor; routes call requireActor() and never look at headers.
 */
export function installAuth(app: FastifyInstance, resolvers: ActorResolver[]): void {
  app.decorateRequest('actor', undefined);
  // only on routes a person calls (btbActor not false): the others are not given the hook at all
  routeHook(app, 'preHandler', 'resolveActor', isActorRoute, async (request) => {
    for (const resolve of resolvers) {
      const actor = await resolve(request);
      if (actor) {
        request.actor = actor;
        return;
      }
    }
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new DomainError('authentication.required');
  return request.actor;
}
