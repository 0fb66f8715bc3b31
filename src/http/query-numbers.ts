import type { FastifyInstance } from 'fastify';

/**
 * A query string carries text only, and the app validates with coerceTypes off (a JSON body must
 * send a number as a number). Without this, every integer query parameter (`?limit=50`,
 * `?before=120`) was refused as "must be integer" (issue 8, found by the load test). Here the
 * query values that the route's schema declares as integer or number are turned into numbers
 * before validation, when they are spelled as one; anything else is left for validation to refuse.
 */
export function installQueryNumbers(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema?.querystring as
      | { properties?: Record<string, { type?: unknown }> }
      | undefined;
    const props = schema?.properties;
    const query = request.query as Record<string, unknown> | undefined;
    if (!props || !query || typeof query !== 'object') return;
    for (const [name, s] of Object.entries(props)) {
      const v = query[name];
      if (
        (s.type === 'integer' || s.type === 'number') &&
        typeof v === 'string' &&
        /^-?\d{1,15}(\.\d{1,15})?$/.test(v)
      ) {
        query[name] = Number(v);
      }
    }
  });
}
