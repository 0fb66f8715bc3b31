import type { FastifyInstance } from 'fastify';
import { routeHookFor } from './route-hooks.ts';

const NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;

/**
 * A query string carries text only, and the app validates with coerceTypes off (a JSON body must
 * send a number as a number). Without this, every integer query parameter (`?limit=50`,
 * `?before=120`) was refused as "must be integer" (issue 8, found by the load test). Here the
 * query values that the route's schema declares as integer or number are turned into numbers
 * before validation, when they are spelled as one; anything else is left for validation to refuse.
 * Only routes whose query schema declares a number get the hook (issue 20, session 9).
 */
export function installQueryNumbers(app: FastifyInstance): void {
  routeHookFor(app, 'preValidation', 'queryNumbers', (route) => {
    const props = (route.schema?.querystring as { properties?: Record<string, { type?: unknown }> } | undefined)
      ?.properties;
    const names = Object.entries(props ?? {})
      .filter(([, s]) => s.type === 'integer' || s.type === 'number')
      .map(([name]) => name);
    if (names.length === 0) return undefined;
    return async (request) => {
      const query = request.query as Record<string, unknown> | undefined;
      if (!query || typeof query !== 'object') return;
      for (const name of names) {
        const v = query[name];
        if (typeof v === 'string' && NUMBER.test(v)) query[name] = Number(v);
      }
    };
  });
}
