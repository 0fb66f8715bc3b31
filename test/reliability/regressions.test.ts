/**
 * Regression tests for what the reliability suite (issue 8) found, small enough for `npm test`.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp, logRedactPaths, logSerializers, maskUrl } from '../../src/http/app.ts';
import { openDatabase } from '../../src/infra/db/database.ts';
import { demoPersons as P } from '../../src/infra/demo/demo-data.ts';
import { seedDemo } from '../../src/infra/demo/seed-demo.ts';
import { makeTestDeps, type TestDeps } from '../test-deps.ts';
import { authHeader } from '../tokens.ts';

const en = '0566988259';

describe('issue 8 regressions', () => {
  let deps: TestDeps;
  let app: App;
  beforeAll(async () => {
    deps = await makeTestDeps('sqlite');
    await seedDemo(deps);
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app?.close();
    await deps?.cleanup();
  });

  it('accepts integer query parameters spelled as text (?limit=50), and still refuses non-numbers', async () => {
    const headers = await authHeader(deps, P.anPeeters.number);
    let r = await app.inject({ url: `/api/v1/enterprises/${en}/audit?limit=5`, headers });
    expect(r.statusCode, r.body).toBe(200);
    r = await app.inject({ url: `/api/v1/enterprises/${en}/audit?limit=abc`, headers });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('validation.invalid_input');
    r = await app.inject({ url: `/api/v1/enterprises/${en}/audit?limit=0`, headers });
    expect(r.statusCode).toBe(400);
  });

  it('answers router refusals (too-long path parameter, malformed URL) as problem+json', async () => {
    let r = await app.inject({ method: 'DELETE', url: `/api/v1/enterprises/${'1'.repeat(500)}/main-access-manager` });
    expect(r.statusCode).toBe(414);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json().code).toBe('request.uri_too_long');
    r = await app.inject({ method: 'DELETE', url: '/api/v1/enterprises/%E0%A4%A/main-access-manager' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it("accepts the server's pino instance as its logger (Fastify 5 wants loggerInstance)", async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info', redact: { paths: logRedactPaths, censor: '[redacted]' }, serializers: logSerializers },
      { write: (l: string) => lines.push(l) },
    );
    const logged = await buildApp(deps, { logger });
    await logged.inject({
      url: `/api/v1/enterprises/${en}/co-main-access-managers/${P.karimElAmrani.number}`,
      method: 'DELETE',
      headers: { authorization: 'Bearer x' },
    });
    await logged.close();
    const text = lines.join('');
    expect(text).toContain('incoming request');
    expect(text).not.toContain(P.karimElAmrani.number);
    expect(text).not.toContain('Bearer x');
  });

  it('answers 503 service.unavailable, not 500, when the database cannot be reached', async () => {
    const down = openDatabase('postgres://postgres@127.0.0.1:1/none', { poolSize: 1 });
    const downApp = await buildApp({ ...deps, db: down });
    try {
      const r = await downApp.inject({
        url: `/api/v1/enterprises/${en}/access-managers`,
        headers: await authHeader(deps, P.anPeeters.number),
      });
      expect(r.statusCode, r.body).toBe(503);
      expect(r.json().code).toBe('service.unavailable');
      expect(r.headers['retry-after']).toBe('2');
    } finally {
      await downApp.close();
      await down.close();
    }
  });

  it('masks person numbers in any spelling, e-mail addresses and tokens in logged URLs', () => {
    expect(maskUrl('/a/86.09.08-017.60/b?x=86090801760&email=x%40y.be&code=abc')).toBe(
      '/a/86.09.08-***.**/b?x=86.09.08-***.**&email=[email]&code=[redacted]',
    );
    expect(maskUrl(`/api/v1/enterprises/${en}`)).toBe(`/api/v1/enterprises/${en}`);
  });
});
