import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApp } from '../../test/listening-app.ts';
import { formAction, TestBrowser } from '../../test/test-browser.ts';
import { engines, makeTestDeps, type TestDeps } from '../../test/test-deps.ts';
import { type App, buildApp } from './app.ts';
import { webDistDir } from './routes/web.ts';
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

/** a file of the built web application, served by @fastify/static as a stream */
const staticFile = readdirSync(join(webDistDir, 'assets')).find((f) => f.endsWith('.js'));

const REQUESTS: {
  name: string;
  method?: 'GET' | 'POST' | 'DELETE';
  url: string;
  body?: string;
  headers?: Record<string, string>;
  status: number;
}[] = [
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
  // session 10: every other kind of answer
  { name: 'a static file of the web application (a stream)', url: `/assets/${staticFile}`, status: 200 },
  { name: "Fastify's own 404 (no route for the method)", method: 'DELETE', url: '/nothing-here', status: 404 },
  { name: 'a server error', url: '/test/boom', status: 500 },
  {
    name: 'a malformed URL (answered before any hook: frameworkErrors)',
    url: '/api/v1/enterprises/%E0%A4%A',
    status: 400,
  },
  {
    name: 'a cross-site refusal (an onRequest hook refuses)',
    url: '/api/v1/me',
    headers: { 'sec-fetch-site': 'cross-site' },
    status: 403,
  },
  {
    name: "the OIDC provider's own answer (hijacked, written on the raw response)",
    url: '/dev-idp/.well-known/openid-configuration',
    status: 200,
  },
  { name: "the OIDC provider's error page (hijacked)", url: '/dev-idp/auth', status: 400 },
  { name: "the OIDC provider's login page (btb's page, no interaction)", url: '/dev-idp/interaction/x', status: 400 },
];

describe.each(engines)('security headers on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  beforeAll(async () => {
    deps = await makeTestDeps(engine);
    app = await buildApp(deps);
    app.get('/test/boom', async () => {
      throw new Error('boom');
    });
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it.each(REQUESTS)('$name carries every security header', async ({ method, url, body, headers, status }) => {
    const res = await app.inject({
      method: method ?? 'GET',
      url,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: body }),
    });
    expect(res.statusCode).toBe(status);
    for (const [name, value] of Object.entries(EXPECTED)) expect(res.headers[name], name).toBe(value);
    expect(res.headers['x-powered-by']).toBeUndefined();
    // and the request id, which logs and problem answers name
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{1,64}$/);
  });

  it('the request id given by the caller is answered back', async () => {
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('two answers do not share or accumulate header values', async () => {
    const a = await app.inject({ url: '/healthz' });
    const b = await app.inject({ url: '/healthz' });
    expect(a.headers['content-security-policy']).toBe(b.headers['content-security-policy']);
    expect(String(b.headers['strict-transport-security']).split('max-age').length).toBe(2);
  });
});

/** A browser that keeps every answer it was given. */
class RecordingBrowser extends TestBrowser {
  readonly answers: { url: string; status: number; headers: Headers }[] = [];
  override async request(url: string, init?: Parameters<TestBrowser['request']>[1]) {
    const res = await super.request(url, init);
    this.answers.push({ url, status: res.status, headers: res.headers });
    return res;
  }
}

describe('security headers over a socket, through the development login', () => {
  it("every answer of the login round trip carries them, the provider's raw answers included", async () => {
    const { deps, app, base } = await startListeningApp('sqlite');
    try {
      const b = new RecordingBrowser();
      const page = await b.follow(`${base}/auth/login`);
      expect(page.res.status).toBe(200);
      const done = await b.follow(formAction(await page.res.text(), page.url), () => false, {
        method: 'POST',
        body: new URLSearchParams({ person: 'anPeeters', means: 'security-code' }),
      });
      expect(done.res.status).toBe(200); // the web application, logged in
      // the provider's hijacked answers: its authorization endpoint and the login's redirect
      const provider = b.answers.filter((a) => a.url.startsWith(`${base}/dev-idp/`));
      expect(provider.length).toBeGreaterThanOrEqual(3);
      expect(b.answers.some((a) => a.url.startsWith(`${base}/auth/callback`))).toBe(true);
      for (const a of b.answers) {
        for (const [name, value] of Object.entries(EXPECTED))
          expect(a.headers.get(name), `${a.url} ${name}`).toBe(value);
        expect(a.headers.get('x-powered-by'), a.url).toBeNull();
        expect(a.headers.get('x-request-id'), a.url).toBeTruthy();
      }
    } finally {
      await app.close();
      await deps.cleanup();
    }
  });
});

describe('raw answers', () => {
  it('every reply.hijack() in src goes through hijackReply, which puts the headers on the raw response', () => {
    const root = join(import.meta.dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !p.endsWith('security-headers.ts')) {
          if (/\.hijack\(\)/.test(readFileSync(p, 'utf8'))) offenders.push(p);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
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
