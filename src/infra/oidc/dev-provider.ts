import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { exportJWK, generateKeyPair } from 'jose';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Loa } from '../../domain/actor.ts';
import { DomainError } from '../../domain/errors.ts';
import { ownValue } from '../../domain/own.ts';
import type { Config } from '../config.ts';
import { type DevAccount, devAccounts, devMeans, eidasMeans } from './dev-accounts.ts';
import { escapeHtml, loginPage, page } from './dev-idp-page.ts';
import { MemoryAdapter } from './memory-adapter.ts';

export const DEV_IDP_PATH = '/dev-idp';

export interface DevClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

/** The acr value the provider states for a level: the first one config maps to it, else the level's name. */
export function acrForLevel(config: Config, loa: Loa): string {
  return Object.entries(config.oidc.acrMap).find(([, level]) => level === loa)?.[0] ?? loa;
}

function claimsOf(config: Config, a: DevAccount): Record<string, unknown> {
  const c = config.oidc.claims;
  const out: Record<string, unknown> = {
    sub: a.accountId,
    [c.givenName]: a.givenName,
    [c.familyName]: a.familyName,
    [c.email]: a.email,
    // the demo persons' addresses count as verified, as a real provider would say of its users'
    email_verified: true,
    [c.locale]: a.locale,
  };
  if (a.personNumber) out[c.person] = a.personNumber;
  if (a.foreignId) out[config.login.claimForeignId] = a.foreignId;
  if (a.birthDate) out[c.birthDate] = a.birthDate;
  return out;
}

/**
 * The embedded development identity provider (oidc-provider 9): a real OpenID provider, so that
 * btb's relying-party code runs the same flow in development as against the federal service.
 * It emits the claim names and acr values of btb's own configuration.
 */
export async function createDevProvider(config: Config, issuer: string, client: DevClient): Promise<Provider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'btb-dev-idp', alg: 'RS256', use: 'sig' };
  const c = config.oidc.claims;
  const mount = new URL(issuer).pathname.replace(/\/$/, '');
  // Loaded here, not at the top: production never runs this provider, and oidc-provider is a
  // quarter of btb's start-up CPU (issue 15 item 2).
  const { default: OidcProvider } = await import('oidc-provider');
  const provider = new OidcProvider(issuer, {
    adapter: MemoryAdapter,
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        post_logout_redirect_uris: [client.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    acrValues: [...new Set((['low', 'substantial', 'high'] as Loa[]).map((l) => acrForLevel(config, l)))],
    claims: {
      // acr and amr with every ID token, not only when asked for: btb reads the level from it
      openid: ['sub', 'acr', 'amr', 'auth_time', c.person, config.login.claimForeignId],
      profile: [c.givenName, c.familyName, c.locale, c.birthDate],
      email: [c.email, 'email_verified'],
      sid: null,
      iss: null,
    },
    // the person's attributes in the ID token too, so a relying party without userinfo works
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 43_200, Grant: 43_200 },
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = page(
            'Log out (development)',
            `<h1>Log out of the development identity provider?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, log me out</button>
<button type="submit" form="op.logoutForm">No, stay logged in</button>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.body = page('Logged out', '<h1>You are logged out</h1>');
        },
      },
    },
    interactions: {
      url: async (_ctx: unknown, interaction: { uid: string }) => `${mount}/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx: unknown, id: string) {
      const account = devAccounts.find((a) => a.accountId === id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => claimsOf(config, account) };
    },
    // A first-party development client: consent is implied, never asked.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const clientId = ctx.oidc.client.clientId as string;
      const accountId = ctx.oidc.session.accountId as string;
      const existing = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(clientId);
      const grant =
        (existing && (await ctx.oidc.provider.Grant.find(existing))) ||
        new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope(String(ctx.oidc.params.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
    async renderError(ctx: KoaContextWithOIDC, out: Record<string, string>) {
      ctx.type = 'html';
      ctx.body = page(
        'Login error (development)',
        `<h1>Something went wrong</h1>${Object.entries(out)
          .map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(String(v))}</p>`)
          .join('')}`,
      );
    },
  });
  return provider;
}

/**
 * Mounts the development provider under /dev-idp in btb's own server: the provider's endpoints
 * are handed the raw request before Fastify parses anything, the login page is btb's. `hijack`
 * hands the raw response over with the headers the reply holds (src/http/security-headers.ts's
 * hijackReply: the security headers reach the provider's own answers too).
 */
export function devIdpPlugin(
  config: Config,
  provider: Provider,
  { hijack, mount = DEV_IDP_PATH }: { hijack: (reply: FastifyReply) => void; mount?: string },
) {
  return async (app: FastifyInstance) => {
    if (!config.devLogin || config.env === 'production') {
      throw new Error('the development identity provider must never be mounted in production');
    }
    await app.register(rateLimit, { global: false });
    const checkRate = app.createRateLimit({ max: config.login.rateLimitDevIdp, timeWindow: 60_000 });
    const wildcard = `${mount}/*`;
    const handle = provider.callback();

    app.addHook('onRequest', async (request, reply) => {
      const limit = await checkRate(request);
      if (!limit.isAllowed && limit.isExceeded) throw new DomainError('rate_limit.exceeded');
      if (request.routeOptions.url !== wildcard) return;
      hijack(reply);
      const raw = request.raw as IncomingMessage & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? '/').slice(mount.length) || '/';
      await handle(raw, reply.raw);
    });
    app.all(wildcard, { schema: { hide: true } }, async () => undefined);

    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8192 },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    const routeConfig = { btbSession: false as const };

    app.get<{ Params: { uid: string } }>(
      `${mount}/interaction/:uid`,
      { schema: { hide: true }, config: routeConfig },
      async (request, reply) => {
        const details = await provider.interactionDetails(request.raw, reply.raw);
        const acr = typeof details.params.acr_values === 'string' ? details.params.acr_values : undefined;
        const neededLoa = acr
          ?.split(' ')
          .map((v) => ownValue(config.oidc.acrMap, v))
          .find((l) => l !== undefined);
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(
            loginPage({
              action: `${mount}/interaction/${details.uid}/login`,
              abortAction: `${mount}/interaction/${details.uid}/abort`,
              accounts: devAccounts,
              requestedAcr: acr,
              neededLoa,
            }),
          );
      },
    );

    app.post<{ Params: { uid: string }; Body: { person?: string; means?: string } }>(
      `${mount}/interaction/:uid/login`,
      { schema: { hide: true }, config: routeConfig },
      async (request, reply) => {
        const account = devAccounts.find((a) => a.key === request.body?.person);
        const chosen = account?.personNumber ? devMeans.find((m) => m.means === request.body?.means) : eidasMeans;
        if (!account || !chosen) throw new DomainError('validation.invalid_input', { fields: ['person', 'means'] });
        await provider.interactionDetails(request.raw, reply.raw);
        hijack(reply);
        await provider.interactionFinished(
          request.raw,
          reply.raw,
          {
            login: {
              accountId: account.accountId,
              acr: acrForLevel(config, chosen.loa),
              amr: [chosen.means],
              remember: false,
            },
          },
          { mergeWithLastSubmission: false },
        );
      },
    );

    app.post<{ Params: { uid: string } }>(
      `${mount}/interaction/:uid/abort`,
      { schema: { hide: true }, config: routeConfig },
      async (request, reply) => {
        await provider.interactionDetails(request.raw, reply.raw);
        hijack(reply);
        await provider.interactionFinished(
          request.raw,
          reply.raw,
          { error: 'access_denied', error_description: 'the person cancelled the login' },
          { mergeWithLastSubmission: false },
        );
      },
    );
  };
}
