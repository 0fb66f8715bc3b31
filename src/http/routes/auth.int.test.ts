import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListeningApp } from '../../../test/listening-app.ts';
import { formAction, TestBrowser } from '../../../test/test-browser.ts';
import { engines, type TestDeps } from '../../../test/test-deps.ts';
import { demoPersons } from '../../infra/demo/demo-data.ts';
import type { App } from '../app.ts';

/**
 * Walks the embedded development provider's login page up to (not into) btb's callback. Not
 * walkDevLogin (test/listening-app.ts): this test is about the login page itself, so it checks
 * the page's status and that it carries no script on the way.
 */
async function authenticate(b: TestBrowser, base: string, loginPath: string, pick: { person: string; means: string }) {
  const toPage = await b.follow(`${base}${loginPath}`);
  expect(toPage.res.status, await toPage.res.clone().text()).toBe(200);
  const html = await toPage.res.text();
  expect(html).not.toMatch(/<script/i);
  const action = formAction(html, toPage.url);
  const done = await b.follow(action, (u) => u.startsWith(`${base}/auth/callback`), {
    method: 'POST',
    body: new URLSearchParams(pick),
  });
  expect(done.stopped).toBe(true);
  return done.url;
}

describe.each(engines)('login with OpenID Connect on %s', (engine) => {
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

  it('logs in, shows who, steps up, lists sessions and logs out', async () => {
    const b = new TestBrowser();
    const callback = await authenticate(b, base, '/auth/login?returnTo=/enterprises/0566988259', {
      person: 'anPeeters',
      means: 'security-code',
    });
    const back = await b.request(callback);
    expect(back.status, await back.clone().text()).toBe(303);
    expect(back.headers.get('location')).toBe('/enterprises/0566988259');
    const setCookie = back.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/btb_session=[\w-]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const first = b.cookies(base).get('btb_session')!;

    const who = await b.request(`${base}/api/v1/session`);
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({
      personNumber: demoPersons.anPeeters.number,
      givenName: 'An',
      familyName: 'Peeters',
      email: 'an.peeters@example.be',
      locale: 'nl',
      loa: 'substantial',
      means: 'security-code',
      via: 'session',
      exceptionProcedure: false,
    });

    // step-up: already logged in, asks the provider for "high" again and rotates the session
    const stepUp = await authenticate(b, base, '/auth/login?loa=high&returnTo=/enterprises/0566988259/main', {
      person: 'anPeeters',
      means: 'eid',
    });
    expect(new URL(stepUp).searchParams.get('state')).toBeTruthy();
    const afterStepUp = await b.request(stepUp);
    expect(afterStepUp.headers.get('location')).toBe('/enterprises/0566988259/main');
    const second = b.cookies(base).get('btb_session')!;
    expect(second).not.toBe(first);
    expect((await (await b.request(`${base}/api/v1/session`)).json()).loa).toBe('high');
    // the session before the step-up is dead
    const old = await fetch(`${base}/api/v1/session`, { headers: { cookie: `btb_session=${first}` } });
    expect(old.status).toBe(401);

    // a second browser of the same person
    const other = new TestBrowser();
    await other.request(await authenticate(other, base, '/auth/login', { person: 'anPeeters', means: 'itsme' }));
    const list = await (await b.request(`${base}/api/v1/sessions`)).json();
    expect(list.sessions).toHaveLength(2);
    expect(list.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    // logout needs the CSRF token; it ends the session and sends the browser to the provider's logout
    const csrf = (await (await b.request(`${base}/auth/csrf`)).json()).token as string;
    const out = await b.request(`${base}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf, accept: 'application/json' },
    });
    expect(out.status).toBe(200);
    const { logoutUrl } = await out.json();
    expect(logoutUrl).toContain(`${base}/dev-idp/session/end`);
    expect(logoutUrl).toContain('id_token_hint=');
    expect((await b.request(`${base}/api/v1/session`)).status).toBe(401);
    // the provider asks to confirm (a page without script), then returns to btb
    const confirmPage = await b.follow(logoutUrl);
    const confirmHtml = await confirmPage.res.text();
    expect(confirmHtml).not.toMatch(/<script/i);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirmHtml)?.[1];
    const confirmed = await b.follow(formAction(confirmHtml, confirmPage.url), (u) => u === `${base}/`, {
      method: 'POST',
      body: new URLSearchParams({ xsrf: xsrf ?? '', logout: 'yes' }),
    });
    expect(confirmed.stopped).toBe(true);

    // log out everywhere from the second browser
    const csrf2 = (await (await other.request(`${base}/auth/csrf`)).json()).token as string;
    const all = await other.request(`${base}/api/v1/sessions`, {
      method: 'DELETE',
      headers: { 'x-csrf-token': csrf2 },
    });
    expect(all.status).toBe(200);
    expect((await all.json()).revoked).toBe(1);
    expect((await other.request(`${base}/api/v1/session`)).status).toBe(401);
  });

  it('gives a person without a Belgian number a session under their eIDAS identifier, pointing to the exception procedure', async () => {
    const b = new TestBrowser();
    await b.request(await authenticate(b, base, '/auth/login', { person: 'foreignEidas', means: 'eid' }));
    const who = await (await b.request(`${base}/api/v1/session`)).json();
    // issue 19: the eIDAS identifier is their person id, and eIDAS's birth date is kept
    expect(who).toMatchObject({
      personNumber: 'DE/BE/T22000129',
      foreignId: 'DE/BE/T22000129',
      means: 'eidas',
      exceptionProcedure: true,
    });
    const kept = await deps.db.db.selectFrom('eidas_person').selectAll().execute();
    expect(kept).toMatchObject([
      {
        id: 'DE/BE/T22000129',
        country: 'DE',
        family_name: 'Mustermann',
        given_name: 'Erika',
        birth_date: '1964-08-12',
      },
    ]);
  });

  it('ends an idle session and one past its absolute end', async () => {
    const b = new TestBrowser();
    await b.request(await authenticate(b, base, '/auth/login', { person: 'lucDubois', means: 'password' }));
    expect((await b.request(`${base}/api/v1/session`)).status).toBe(200);
    deps.clock.advance(29 * 60_000);
    expect((await b.request(`${base}/api/v1/session`)).status).toBe(200);
    deps.clock.advance(31 * 60_000);
    expect((await b.request(`${base}/api/v1/session`)).status).toBe(401);

    const c = new TestBrowser();
    await c.request(await authenticate(c, base, '/auth/login', { person: 'lucDubois', means: 'password' }));
    for (let i = 0; i < 12 * 3; i++) {
      deps.clock.advance(20 * 60_000);
      expect((await c.request(`${base}/api/v1/session`)).status, `after ${(i + 1) * 20} minutes`).toBe(
        (i + 1) * 20 < 12 * 60 ? 200 : 401,
      );
    }
  });
});
