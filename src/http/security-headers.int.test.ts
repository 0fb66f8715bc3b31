import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { type App, buildApp } from './app.ts';
import { securityHeaders } from './security-headers.ts';

/** What @fastify/helmet 13 (helmet 8) sent with our policy before the headers were computed once (issue 20). */
const EXPECTED: Record<string, string> = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests;connect-src 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const REQUESTS: { name: string; method?: 'GET' | 'POST'; url: string; body?: string; status: number }[] = [
  { name: 'health', url: '/healthz', status: 200 },
  { name: 'API, an answer', url: '/api/v1/domains', status: 200 },
  { name: 'API, a refused input', url: '/api/v1/enterprises/0566.988.258', status: 400 },
  { name: 'API, no such route', url: '/api/v1/nothing-here', status: 404 },
  {
    name: 'check API, no client',
    method: 'POST',
    url: '/access/v1/evaluation',
    body: JSON.stringify({
      subject: { type: 'person', id: '85073003328' },
      resource: { type: 'online-service', id: 'x', properties: { enterprise: '0566988259' } },
      action: { name: 'use' },
    }),
    status: 401,
  },
  { name: 'check API, broken JSON', method: 'POST', url: '/access/v1/evaluation', body: '{', status: 400 },
  { name: 'AuthZEN metadata', url: '/.well-known/authzen-configuration', status: 200 },
  { name: 'web page', url: '/', status: 200 },
  { name: 'API documentation', url: '/docs/', status: 200 },
];

describe.each(engines)('security headers on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it.each(REQUESTS)('$name carries every security header', async ({ method, url, body, status }) => {
    const res = await app.inject({
      method: method ?? 'GET',
      url,
      ...(body === undefined ? {} : { payload: body, headers: { 'content-type': 'application/json' } }),
    });
    expect(res.statusCode).toBe(status);
    for (const [name, value] of Object.entries(EXPECTED)) expect(res.headers[name], name).toBe(value);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('two answers do not share or accumulate header values', async () => {
    const a = await app.inject({ url: '/healthz' });
    const b = await app.inject({ url: '/healthz' });
    expect(a.headers['content-security-policy']).toBe(b.headers['content-security-policy']);
    expect(String(b.headers['strict-transport-security']).split('max-age').length).toBe(2);
  });
});

describe('computing the headers once', () => {
  it('is exactly what helmet sets, including the removal of X-Powered-By', () => {
    const h = securityHeaders();
    expect(Object.fromEntries(h.set)).toEqual(EXPECTED);
    expect(h.removed).toEqual(['x-powered-by']);
  });

  it('refuses a policy whose headers would depend on the request', () => {
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-x'"] } } }),
    ).toThrow();
  });
});
