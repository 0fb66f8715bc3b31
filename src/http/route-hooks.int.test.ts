import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { type App, buildApp } from './app.ts';

/**
 * Every route as Fastify was given it, hooks included: an onRoute hook put on each app the moment
 * it is created, before buildApp installs anything or declares any route. The route-scoped hooks
 * (route-hooks.ts) are added to these same options by later onRoute hooks, so after ready() each
 * record holds the hooks the route runs besides the global ones.
 */
const { records } = vi.hoisted(() => ({ records: [] as RouteOptions[] }));
vi.mock('fastify', async (importOriginal) => {
  const m = await importOriginal<typeof import('fastify')>();
  const make = (opts?: object) => {
    const app = m.default(opts as never);
    app.addHook('onRoute', (route) => {
      records.push(route as unknown as RouteOptions);
    });
    return app;
  };
  return { ...m, default: make };
});

type Kind = 'preValidation' | 'preHandler' | 'onSend' | 'onResponse';
const hooksOf = (route: RouteOptions, kind: Kind): string[] =>
  [route[kind]]
    .flat()
    .filter((f): f is NonNullable<typeof f> => typeof f === 'function')
    .map((f) => f.name);
const methodsOf = (route: RouteOptions) => [route.method].flat().map(String);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const NAMES_ENTERPRISE = /:(en|enterpriseNumber)(?![\w$])/;
const where = (route: RouteOptions) => `${methodsOf(route).join(',')} ${route.url}`;

/**
 * Issue 20, session 10: the hooks that only some routes need are attached as routes are declared
 * (route-hooks.ts), so a route declared before its hook is installed silently goes without it. This
 * lists every route of buildApp and says which hook each must carry.
 */
describe('every route carries the route-scoped hooks it needs', () => {
  let deps: TestDeps;
  let app: App;
  beforeAll(async () => {
    deps = await makeTestDeps('sqlite');
    app = await buildApp(deps);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('sees every route', () => {
    expect(records.length).toBeGreaterThan(100);
    const urls = new Set(records.map((r) => r.url));
    for (const u of [
      '/access/v1/evaluation',
      '/api/v1/enterprises/:en/access-managers',
      '/healthz',
      '/docs/',
      '/dev-idp/*',
    ])
      expect(urls, u).toContain(u);
    // the names the test looks for are the names Fastify shows
    const printed = app.printRoutes({ includeHooks: true, commonPrefix: false });
    for (const name of ['resolveActor', 'idempotencyClaim', 'linkedEnterpriseGone', 'queryNumbers'])
      expect(printed).toContain(`${name}()`);
  });

  it('the actor resolution on every route not marked btbActor: false', () => {
    const missing = records
      .filter((r) => (r.config as { btbActor?: boolean } | undefined)?.btbActor !== false)
      .filter((r) => !hooksOf(r, 'preHandler').includes('resolveActor'))
      .map(where);
    expect(missing).toEqual([]);
  });

  it('idempotency on every write route that has an actor, after the actor is known', () => {
    const wrong = records
      .filter((r) => (r.config as { btbActor?: boolean } | undefined)?.btbActor !== false)
      .filter((r) => methodsOf(r).some((m) => WRITES.has(m)))
      .filter((r) => {
        const pre = hooksOf(r, 'preHandler');
        return (
          !(pre.indexOf('resolveActor') >= 0 && pre.indexOf('idempotencyClaim') > pre.indexOf('resolveActor')) ||
          !hooksOf(r, 'onSend').includes('idempotencyKeep') ||
          !hooksOf(r, 'onResponse').includes('idempotencyRelease')
        );
      })
      .map(where);
    expect(wrong).toEqual([]);
  });

  it('the linked-enterprise look-up on every path with :en or :enterpriseNumber', () => {
    const named = records.filter((r) => NAMES_ENTERPRISE.test(r.url));
    expect(named.length).toBeGreaterThan(10);
    const missing = named.filter((r) => !hooksOf(r, 'preHandler').includes('linkedEnterpriseGone')).map(where);
    expect(missing).toEqual([]);
  });

  it('the query-number coercion on every route whose query schema declares a number', () => {
    const numeric = records.filter((r) => {
      const props = (r.schema?.querystring as { properties?: Record<string, { type?: unknown }> } | undefined)
        ?.properties;
      return Object.values(props ?? {}).some((s) => s.type === 'integer' || s.type === 'number');
    });
    expect(numeric.length).toBeGreaterThan(3);
    const missing = numeric.filter((r) => !hooksOf(r, 'preValidation').includes('queryNumbers')).map(where);
    expect(missing).toEqual([]);
  });

  it('the check API runs none of them (it authenticates its clients itself)', () => {
    const check = records.filter((r) => r.url.startsWith('/access/v1/'));
    expect(check.length).toBe(5);
    for (const r of check)
      for (const kind of ['preValidation', 'preHandler', 'onSend', 'onResponse'] as const)
        expect(hooksOf(r, kind), `${where(r)} ${kind}`).toEqual([]);
  });
});
