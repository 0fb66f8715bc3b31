import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, TestBrowser } from '../../../test/test-browser.ts';
import { makeTestDeps, type TestDeps } from '../../../test/test-deps.ts';
import { type App, buildApp } from '../app.ts';

/**
 * A second provider, configured on its own like the federal authentication service would be:
 * other claim names (rrn, surname, givenName, mail, prefLanguage), FAS-style acr values, the
 * person's attributes only from userinfo, its own scope. btb gets nothing but configuration.
 */
const LEVEL = {
  high: 'urn:be:fedict:iam:fas:Level500',
  substantial: 'urn:be:fedict:iam:fas:Level400',
  low: 'urn:be:fedict:iam:fas:Level100',
};

async function startOtherProvider(port: number, btbBase: string, secret: string) {
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const state = {
    next: { accountId: 'fas-7f3a', acr: LEVEL.substantial, amr: ['otp'] },
    seen: [] as Record<string, unknown>[],
  };
  const accounts: Record<string, Record<string, unknown>> = {
    'fas-7f3a': {
      rrn: '85.07.30-033.28',
      surname: 'Verhoeven',
      givenName: 'Jan',
      mail: 'jan@example.be',
      prefLanguage: 'nl',
    },
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'btb-at-fas',
        client_secret: secret,
        redirect_uris: [`${btbBase}/auth/callback`],
        post_logout_redirect_uris: [`${btbBase}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'fas-test', alg: 'ES256', use: 'sig' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    acrValues: Object.values(LEVEL),
    scopes: ['openid', 'profile', 'egovnrn'],
    claims: {
      openid: ['sub', 'acr', 'amr'],
      egovnrn: ['rrn'],
      profile: ['surname', 'givenName', 'mail', 'prefLanguage'],
    },
    features: { devInteractions: { enabled: false } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    async findAccount(_ctx: unknown, id: string) {
      const claims = accounts[id];
      return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
    },
    async loadExistingGrant(ctx: any) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(String(ctx.oidc.params.scope));
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();
  const server: Server = createServer(async (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      // no page: the test decides who logs in next and how
      const details = await provider.interactionDetails(req, res);
      state.seen.push(details.params);
      await provider.interactionFinished(
        req,
        res,
        { login: { ...state.next, remember: true } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    await handle(req, res);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { issuer, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('login against another, independently configured provider', () => {
  let deps: TestDeps;
  let app: App;
  let base: string;
  let other: Awaited<ReturnType<typeof startOtherProvider>>;

  beforeAll(async () => {
    const [btbPort, idpPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${btbPort}`;
    const secret = randomBytes(24).toString('hex');
    other = await startOtherProvider(idpPort, base, secret);
    deps = await makeTestDeps('sqlite', {
      PUBLIC_URL: base,
      PORT: String(btbPort),
      OIDC_ISSUER: other.issuer,
      OIDC_CLIENT_ID: 'btb-at-fas',
      OIDC_CLIENT_SECRET: secret,
      OIDC_SCOPES: 'openid profile egovnrn',
      OIDC_CLAIM_PERSON: 'rrn',
      OIDC_CLAIM_FAMILY_NAME: 'surname',
      OIDC_CLAIM_GIVEN_NAME: 'givenName',
      OIDC_CLAIM_EMAIL: 'mail',
      OIDC_CLAIM_LOCALE: 'prefLanguage',
      OIDC_ACR_MAP: `${LEVEL.low}=low,${LEVEL.substantial}=substantial,${LEVEL.high}=high`,
      BTB_RATE_LIMIT_AUTH: '100000',
    });
    app = await buildApp(deps);
    await app.listen({ port: btbPort, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await other.close();
    await deps.cleanup();
  });

  it('reads the configured claims and acr values, steps up with the configured acr, logs out there', async () => {
    const b = new TestBrowser();
    const first = await b.follow(`${base}/auth/login?returnTo=/enterprises`, (u) =>
      u.startsWith(`${base}/auth/callback`),
    );
    expect(first.stopped).toBe(true);
    const back = await b.request(first.url);
    expect(back.status, await back.clone().text()).toBe(303);
    expect(back.headers.get('location')).toBe('/enterprises');
    expect(await (await b.request(`${base}/api/v1/session`)).json()).toMatchObject({
      personNumber: '85073003328',
      familyName: 'Verhoeven',
      givenName: 'Jan',
      email: 'jan@example.be',
      locale: 'nl',
      loa: 'substantial',
      means: 'security-code',
    });
    const firstToken = b.cookies(base).get('btb_session');

    // step-up: btb asks this provider for its own "high" value and a fresh authentication
    other.state.next = { accountId: 'fas-7f3a', acr: LEVEL.high, amr: ['eid'] };
    const up = await b.follow(`${base}/auth/login?loa=high&returnTo=/enterprises/0566988259/main`, (u) =>
      u.startsWith(`${base}/auth/callback`),
    );
    expect(other.state.seen.at(-1)).toMatchObject({ acr_values: LEVEL.high, prompt: 'login' });
    expect((await b.request(up.url)).headers.get('location')).toBe('/enterprises/0566988259/main');
    expect(b.cookies(base).get('btb_session')).not.toBe(firstToken);
    expect((await (await b.request(`${base}/api/v1/session`)).json()).loa).toBe('high');

    // an acr value btb's configuration does not know is refused, not guessed
    other.state.next = {
      accountId: 'fas-7f3a',
      acr: 'urn:be:fedict:iam:fas:Level999',
      amr: [],
    } as typeof other.state.next;
    const c = new TestBrowser();
    const odd = await c.follow(`${base}/auth/login`, (u) => u.startsWith(`${base}/auth/callback`));
    const refused = await c.request(odd.url);
    expect(refused.status).toBe(401);
    expect((await refused.json()).reason).toBe('unknown assurance level');

    const csrf = (await (await b.request(`${base}/auth/csrf`)).json()).token;
    const out = await b.request(`${base}/auth/logout`, { method: 'POST', headers: { 'x-csrf-token': csrf } });
    expect(out.status).toBe(303);
    const logoutUrl = new URL(out.headers.get('location')!);
    expect(logoutUrl.origin).toBe(other.issuer);
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/`);
    expect((await b.request(`${base}/api/v1/session`)).status).toBe(401);
  });
});
