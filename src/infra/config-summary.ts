import type { Config } from './config.ts';

/** A URL with its password (and any query, which may carry one) removed. */
function withoutCredentials(raw: string | undefined): string | undefined {
  if (!raw) return raw;
  try {
    const u = new URL(raw);
    if (u.password) u.password = '[redacted]';
    u.search = '';
    return u.toString();
  } catch {
    return '[unparsable]';
  }
}

/**
 * What start-up logs about its configuration: enough for an operator to see which settings are
 * in force, and no secret (session secret, client secret, passwords in URLs).
 */
export function summarizeConfig(config: Config) {
  return {
    env: config.env,
    listen: `${config.host}:${config.port}`,
    publicUrl: config.publicUrl,
    database: withoutCredentials(config.databaseUrl),
    login: config.devLogin ? 'development login (embedded provider)' : (config.oidc.issuer ?? 'none'),
    oidcClientId: config.oidc.clientId,
    oidcClientSecret: config.oidc.clientSecret ? '[set]' : '[not set]',
    sessionSecret: config.login.sessionSecret ? '[set]' : '[not set]',
    cookieSecure: config.login.cookieSecure,
    mail: config.mail.smtpUrl ? withoutCredentials(config.mail.smtpUrl) : `files in ${config.mail.mailboxDir}`,
    attachmentsDir: config.attachmentsDir,
    logLevel: config.logLevel,
    fourEyes: config.exception.fourEyes,
  };
}
