import * as client from 'openid-client';
import { DomainError } from '../../domain/errors.ts';

export interface RelyingPartySettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string;
  /** plain http to the provider: development and tests only */
  allowHttp: boolean;
}

export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface RelyingParty {
  readonly issuer: string;
  startLogin(opts: {
    acrValues?: string[];
    forceLogin?: boolean;
    uiLocales?: string;
  }): Promise<{ url: string } & LoginChecks>;
  /** Exchanges the code and validates the ID token (signature, iss, aud, exp, nonce) and state. */
  finishLogin(currentUrl: URL, checks: LoginChecks): Promise<{ claims: Record<string, unknown>; idToken?: string }>;
  /** The provider's end-session URL, when it has one (RP-initiated logout). */
  logoutUrl(idToken: string | null): Promise<string | undefined>;
}

function loginFailed(e: unknown): DomainError {
  if (e instanceof DomainError) return e;
  const err = e as { code?: string; error?: string; name?: string; message?: string };
  return new DomainError(
    'authentication.login_failed',
    {
      reason: err.error ?? err.code ?? err.name ?? 'unknown',
    },
    `login failed: ${err.message ?? String(e)}`,
  );
}

/**
 * btb as an OpenID Connect relying party (openid-client 6): authorization code flow with PKCE,
 * state and nonce. Discovery is lazy and retried: a provider that is down at start-up must not
 * stop btb from serving, and the embedded development provider is only reachable once btb listens.
 */
export function createRelyingParty(settings: RelyingPartySettings): RelyingParty {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        { redirect_uris: [settings.redirectUri] },
        settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
        { execute: settings.allowHttp ? [client.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((e: unknown) => {
        discovered = undefined;
        throw new DomainError(
          'authentication.provider_unavailable',
          { reason: (e as Error).name },
          (e as Error).message,
        );
      });
    return discovered;
  };

  return {
    issuer: settings.issuer,

    async startLogin({ acrValues, forceLogin, uiLocales }) {
      const config = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const params: Record<string, string> = {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      };
      if (acrValues?.length) params.acr_values = acrValues.join(' ');
      // Step-up: the person must authenticate again, a provider session at a lower level is not enough.
      if (forceLogin) params.prompt = 'login';
      if (uiLocales) params.ui_locales = uiLocales;
      return { url: client.buildAuthorizationUrl(config, params).href, state, nonce, codeVerifier };
    },

    async finishLogin(currentUrl, checks) {
      const config = await configuration();
      try {
        const tokens = await client.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims() as Record<string, unknown> | undefined;
        if (!idClaims) throw new DomainError('authentication.login_failed', { reason: 'no id token' });
        let claims: Record<string, unknown> = idClaims;
        // Some providers (the federal one among them) put the person's attributes in userinfo only.
        if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
          const info = await client.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
          // What the ID token says (acr, amr, sub) wins: it is the signed statement of the login.
          claims = { ...(info as Record<string, unknown>), ...idClaims };
        }
        return { claims, idToken: tokens.id_token };
      } catch (e) {
        throw loginFailed(e);
      }
    },

    async logoutUrl(idToken) {
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch {
        return undefined;
      }
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      const params: Record<string, string> = { post_logout_redirect_uri: settings.postLogoutRedirectUri };
      if (idToken) params.id_token_hint = idToken;
      else params.client_id = settings.clientId;
      return client.buildEndSessionUrl(config, params).href;
    },
  };
}
