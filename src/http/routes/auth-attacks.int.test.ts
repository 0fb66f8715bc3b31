import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApp, walkDevLogin } from '../../../test/listening-app.ts';
import { TestBrowser } from '../../../test/test-browser.ts';
import { engines, type TestDeps } from '../../../test/test-deps.ts';
import { DEV_ISSUER, loadOrCreateDevKey } from '../../infra/auth/dev-key.ts';
import { demoPersons } from '../../infra/demo/demo-data.ts';
import type { App } from '../app.ts';
import { safeReturnTo } from './auth.ts';

async function authenticate(
  b: TestBrowser,
  base: string,
  loginPath: string,
  pick = { person: 'anPeeters', means: 'eid' },
) {
  return walkDevLogin(b, base, loginPath, pick);
}

describe('return addresses (open redirect)', () => {
  it.each([
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['http:/evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['', '/'],
    ['/enterprises/0566988259?tab=managers#top', '/enterprises/0566988259?tab=managers#top'],
    ['/a/../enterprises', '/enterprises'],
  ])('%j → %j', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});

describe.each(engines)('attacks on the login on %s', (engine) => {
  let deps: TestDeps;
  let app: App;
  let base: string;
  beforeAll(async () => {
    ({ deps, app, base } = await startListeningApp(engine));
  });
  afterAll(async () => {
    await app.close();
    await deps.cleanup();
  });

  it('refuses a callback without state', async () => {
    const b = new TestBrowser();
    const cb = new URL(await authenticate(b, base, '/auth/login'));
    cb.searchParams.delete('state');
    const res = await b.request(cb.href);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('authentication.login_failed');
    expect(b.cookies(base).has('btb_session')).toBe(false);
  });

  it('refuses a callback with another state', async () => {
    const b = new TestBrowser();
    const cb = new URL(await authenticate(b, base, '/auth/login'));
    cb.searchParams.set('state', 'forged-state-value');
    expect((await b.request(cb.href)).status).toBe(401);
    expect(b.cookies(base).has('btb_session')).toBe(false);
  });

  it('refuses a replayed callback (state consumed once)', async () => {
    const b = new TestBrowser();
    const cb = await authenticate(b, base, '/auth/login');
    const loginCookie = b.cookies(base).get('btb_login')!;
    expect((await b.request(cb)).status).toBe(303);
    const attacker = new TestBrowser();
    attacker.setCookie(base, 'btb_login', loginCookie);
    const replay = await attacker.request(cb);
    expect(replay.status).toBe(401);
    expect((await replay.json()).reason).toBe('no login in progress');
  });

  it('refuses a callback in a browser that did not start the login (login CSRF)', async () => {
    const victim = new TestBrowser();
    const attackerCallback = await authenticate(new TestBrowser(), base, '/auth/login');
    expect((await victim.request(attackerCallback)).status).toBe(401);
    expect(victim.cookies(base).has('btb_session')).toBe(false);
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const b = new TestBrowser();
    const cb = await authenticate(b, base, '/auth/login');
    await deps.db.db.updateTable('login_request').set({ nonce: 'a-nonce-from-another-request' }).execute();
    const res = await b.request(cb);
    expect(res.status).toBe(401);
    expect((await res.json()).reason).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
    expect(b.cookies(base).has('btb_session')).toBe(false);
  });

  it('ignores a tampered session cookie', async () => {
    const b = new TestBrowser();
    await b.request(await authenticate(b, base, '/auth/login'));
    const token = b.cookies(base).get('btb_session')!;
    expect((await b.request(`${base}/api/v1/session`)).status).toBe(200);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, `${token}x`, token.slice(1), 'x'.repeat(43), "' OR 1=1 --"]) {
      const res = await fetch(`${base}/api/v1/session`, { headers: { cookie: `btb_session=${bad}` } });
      expect(res.status, bad).toBe(401);
    }
  });

  it('never lets a planted session cookie survive a login (session fixation)', async () => {
    const attacker = new TestBrowser();
    await attacker.request(await authenticate(attacker, base, '/auth/login', { person: 'tomMaes', means: 'password' }));
    const planted = attacker.cookies(base).get('btb_session')!;
    const victim = new TestBrowser();
    victim.setCookie(base, 'btb_session', planted);
    await victim.request(await authenticate(victim, base, '/auth/login', { person: 'anPeeters', means: 'eid' }));
    const fresh = victim.cookies(base).get('btb_session')!;
    expect(fresh).not.toBe(planted);
    const who = await (await victim.request(`${base}/api/v1/session`)).json();
    expect(who.personNumber).toBe(demoPersons.anPeeters.number);
    // the planted token is dead and never was the victim
    const withPlanted = await fetch(`${base}/api/v1/session`, { headers: { cookie: `btb_session=${planted}` } });
    expect(withPlanted.status).toBe(401);
    // an arbitrary value chosen by an attacker does not become a session either
    const chosen = new TestBrowser();
    chosen.setCookie(base, 'btb_session', 'attacker-chosen-value-0123456789abcdef');
    await chosen.request(await authenticate(chosen, base, '/auth/login'));
    expect(chosen.cookies(base).get('btb_session')).not.toBe('attacker-chosen-value-0123456789abcdef');
  });

  it('refuses state-changing requests on the session cookie without the CSRF token', async () => {
    const b = new TestBrowser();
    await b.request(await authenticate(b, base, '/auth/login'));
    const csrf = (await (await b.request(`${base}/auth/csrf`)).json()).token as string;
    const variants: Record<string, string>[] = [{}, { 'x-csrf-token': 'wrong' }, { 'x-csrf-token': `${csrf}x` }];
    for (const headers of variants) {
      const del = await b.request(`${base}/api/v1/sessions`, { method: 'DELETE', headers });
      expect(del.status).toBe(403);
      expect((await del.json()).code).toBe('authorization.csrf_failed');
      const out = await b.request(`${base}/auth/logout`, { method: 'POST', headers });
      expect(out.status).toBe(403);
    }
    // a cross-site form post carries no header: the form field must be right too
    const form = await b.request(`${base}/auth/logout`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: 'nope' }),
    });
    expect(form.status).toBe(403);
    expect((await b.request(`${base}/api/v1/session`)).status).toBe(200);
    const ok = await b.request(`${base}/auth/logout`, { method: 'POST', body: new URLSearchParams({ _csrf: csrf }) });
    expect(ok.status).toBe(303);
    expect((await b.request(`${base}/api/v1/session`)).status).toBe(401);
  });

  it('needs no CSRF token with a bearer token (browsers never add one by themselves)', async () => {
    const key = await loadOrCreateDevKey(deps.config.devKeyPath);
    const token = await new SignJWT({ national_number: demoPersons.lucDubois.number, acr: 'substantial' })
      .setProtectedHeader({ alg: 'ES256', kid: 'btb-dev' })
      .setIssuer(DEV_ISSUER)
      .setAudience(deps.config.oidc.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(key.privateJwk, 'ES256'));
    const res = await fetch(`${base}/api/v1/sessions`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const who = await (await fetch(`${base}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(who).toMatchObject({ personNumber: demoPersons.lucDubois.number, via: 'bearer', loa: 'substantial' });
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example' }],
    ['another audience', { aud: 'someone-else' }],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }],
    ['a token not valid yet', { nbf: Math.floor(Date.now() / 1000) + 3600 }],
  ])('refuses a bearer token from %s', async (_name, override) => {
    const key = await loadOrCreateDevKey(deps.config.devKeyPath);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      national_number: demoPersons.lucDubois.number,
      acr: 'high',
      iss: DEV_ISSUER,
      aud: deps.config.oidc.audience,
      iat: now,
      exp: now + 300,
      ...override,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'btb-dev' })
      .sign(await importJWK(key.privateJwk, 'ES256'));
    const res = await fetch(`${base}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('authentication.invalid_token');
  });

  it('sends the browser back only to same-origin paths after the round trip', async () => {
    for (const target of ['https://evil.example', '//evil.example/phish', '/\\evil.example', '/enterprises?x=1']) {
      const b = new TestBrowser();
      const back = await b.request(await authenticate(b, base, `/auth/login?returnTo=${encodeURIComponent(target)}`));
      expect(back.status).toBe(303);
      expect(back.headers.get('location'), target).toBe(target === '/enterprises?x=1' ? '/enterprises?x=1' : '/');
    }
  });

  it('states in insufficient-assurance problems where to step up', async () => {
    // a substantial session, then an action that needs high: the problem carries needed + stepUpUrl
    const { statusFor } = await import('../error-handler.ts');
    expect(statusFor('authentication.insufficient_assurance')).toBe(403);
    const b = new TestBrowser();
    await b.request(await authenticate(b, base, '/auth/login', { person: 'anPeeters', means: 'security-code' }));
    const up = await b.request(`${base}/auth/login?loa=high&returnTo=/enterprises`);
    expect(up.status).toBe(303);
    const authorize = new URL(up.headers.get('location')!);
    expect(authorize.searchParams.get('acr_values')).toBe('high');
    expect(authorize.searchParams.get('prompt')).toBe('login');
  });
});

describe('rate limits', () => {
  it('limits /auth/* per client and answers 429 as a problem', async () => {
    const { deps, app, base } = await startListeningApp('sqlite', {
      BTB_RATE_LIMIT_AUTH: '3',
      BTB_RATE_LIMIT_DEV_IDP: '2',
    });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await fetch(`${base}/auth/csrf`)).status);
      expect(codes).toEqual([401, 401, 401, 429]);
      const limited = await fetch(`${base}/auth/login`, { redirect: 'manual' });
      expect(limited.status).toBe(429);
      expect((await limited.json()).code).toBe('rate_limit.exceeded');
      const idp: number[] = [];
      for (let i = 0; i < 3; i++) idp.push((await fetch(`${base}/dev-idp/.well-known/openid-configuration`)).status);
      expect(idp).toEqual([200, 200, 429]);
      // the who-am-I endpoint the SPA polls is not under the login limit
      expect((await fetch(`${base}/api/v1/session`)).status).toBe(401);
    } finally {
      await app.close();
      await deps.cleanup();
    }
  });
});
