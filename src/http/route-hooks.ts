import type {
  FastifyInstance,
  onResponseAsyncHookHandler,
  onSendAsyncHookHandler,
  preHandlerAsyncHookHandler,
  preValidationAsyncHookHandler,
  RouteOptions,
} from 'fastify';

interface Hooks {
  preValidation: preValidationAsyncHookHandler;
  preHandler: preHandlerAsyncHookHandler;
  onSend: onSendAsyncHookHandler;
  onResponse: onResponseAsyncHookHandler;
}
type Kind = keyof Hooks;

/** per route: how many hooks of each kind were put in by routeHook, ahead of the route's own */
const ours = new WeakMap<object, Partial<Record<Kind, number>>>();

/**
 * A hook that only some routes need, attached to those routes as they are declared (Fastify's
 * onRoute) instead of run on every request to return at once (issue 20, session 9: the check API
 * paid for the actor resolution, the idempotency keys, the linked-enterprise look-up and the
 * consistency token of the management API, seven async hooks per call, each a promise and a
 * turn of Fastify's hook runner). It runs where the global hook did: after the global hooks of its
 * kind (none of which it depends on), before the route's own, and in the order the hooks were
 * installed. Only routes declared after the call get it, so install it before the routes
 * (route-hooks.int.test.ts lists every route and fails for one declared too early).
 *
 * `name` names the hook (`app.printRoutes({ includeHooks: true })` shows it; the test finds it by it).
 */
export function routeHook<K extends Kind>(
  app: FastifyInstance,
  kind: K,
  name: string,
  applies: (route: RouteOptions) => boolean,
  hook: Hooks[K],
): void {
  named(hook, name);
  routeHookFor(app, kind, name, (route) => (applies(route) ? hook : undefined));
}

/** routeHook with a hook made for each route (from its schema, say), or none */
export function routeHookFor<K extends Kind>(
  app: FastifyInstance,
  kind: K,
  name: string,
  hookFor: (route: RouteOptions) => Hooks[K] | undefined,
): void {
  app.addHook('onRoute', (route) => {
    const hook = hookFor(route);
    if (!hook) return;
    if (hook.name !== name) named(hook, name);
    const given = route[kind];
    const list: unknown[] = given === undefined ? [] : Array.isArray(given) ? [...given] : [given];
    const counts = ours.get(route) ?? {};
    const at = counts[kind] ?? 0;
    list.splice(at, 0, hook);
    counts[kind] = at + 1;
    ours.set(route, counts);
    (route as Record<Kind, unknown>)[kind] = list;
  });
}

function named(f: object, name: string) {
  Object.defineProperty(f, 'name', { value: name, configurable: true });
}

/** Routes that a person (or an operator) calls: not those that authenticate a caller of their own. */
export const isActorRoute = (route: RouteOptions) =>
  (route.config as { btbActor?: false } | undefined)?.btbActor !== false;

export const methodsOf = (route: RouteOptions): string[] =>
  Array.isArray(route.method) ? route.method : [route.method];
