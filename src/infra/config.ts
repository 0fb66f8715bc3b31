/**
 * Configuration is read and validated once, here, from the environment. Nothing else in btb
 * reads process.env: use cases get what they need as arguments. A wrong value stops start-up
 * with a message that names the variable.
 */
import { DomainError } from '../domain/errors.ts';

export type Loa = 'low' | 'substantial' | 'high';

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string;
  logLevel: string;
  cataloguePath?: string;
  /** development identity: `btb dev token` key and the embedded identity provider */
  devLogin: boolean;
  devKeyPath: string;
  /** browser login and sessions; docs/configuration.md "Login (OpenID Connect)" */
  login: {
    redirectPath: string;
    postLogoutRedirectUri: string;
    scopes: string;
    claimForeignId: string;
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    /** keys the CSRF tokens derived from sessions; the same on every node */
    sessionSecret: string;
    cookieSecure: boolean;
    /** requests per minute and client address */
    rateLimitAuth: number;
    rateLimitDevIdp: number;
    /** the public register and catalogue reads, per minute and client address */
    rateLimitPublic: number;
  };
  oidc: {
    issuer?: string;
    clientId?: string;
    clientSecret?: string;
    /** audience expected in bearer tokens */
    audience: string;
    claims: { person: string; loa: string; familyName: string; givenName: string; email: string; locale: string };
    /** provider acr value → eIDAS level */
    acrMap: Record<string, Loa>;
  };
  mail: { smtpUrl?: string; from: string; mailboxDir: string };
  invitationTtlDays: number;
  /** usage limits of changes that fan out (issue 13, finding 10); docs/configuration.md */
  rateLimit: {
    /** Redis shared by every node; without it each process counts alone (single node) */
    redisUrl?: string;
    redisPrefix: string;
    /** mandates proposed or ended, bulk lines included, per person per hour */
    mandateUnitsPerActorPerHour: number;
    /** the same per API client (the OAuth client a bearer token was issued to) per hour */
    mandateUnitsPerClientPerHour: number;
  };
  reminderDays: number[];
  attachmentsDir: string;
  /** the exception procedure (service desk); docs/configuration.md "Exception procedure" */
  exception: {
    targetWorkingDays: number;
    /** a request is flagged "near" its target when this many working days or fewer are left */
    warnWorkingDays: number;
    fourEyes: boolean;
    powDifficulty: number;
    maxFileBytes: number;
    maxRequestBytes: number;
    /** accepted submissions per requester address per hour; refused ones are not counted */
    ratePerAddressPerHour: number;
  };
  /** days personal data outlives its use before `btb retention apply` removes it; docs/configuration.md "Retention" */
  retention: {
    sessionDays: number;
    outboxDays: number;
    webhookDays: number;
    invitationDays: number;
    exceptionDays: number;
  };
}

type Env = Record<string, string | undefined>;

function fail(variable: string, problem: string): never {
  throw new DomainError('config.invalid', { variable, problem }, `Configuration error: ${variable} ${problem}`);
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) fail(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) fail(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  return fail(name, `must be true or false, got "${env[name]}"`);
}

function url(env: Env, name: string, def: string | undefined, protocols: string[]): string | undefined {
  const raw = env[name]?.trim() || def;
  if (raw === undefined) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return fail(name, `must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(u.protocol)) fail(name, `must start with ${protocols.join(' or ')}, got "${u.protocol}"`);
  return raw;
}

function parseAcrMap(name: string, raw: string): Record<string, Loa> {
  const map: Record<string, Loa> = {};
  for (const pair of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = pair.lastIndexOf('=');
    const key = pair.slice(0, i).trim();
    const level = pair.slice(i + 1).trim();
    if (i <= 0 || !['low', 'substantial', 'high'].includes(level)) {
      fail(name, `must be a comma-separated list of acr=low|substantial|high, got "${pair}"`);
    }
    map[key] = level as Loa;
  }
  return map;
}

function loginConfig(env: Env, nodeEnv: string, publicUrl: string): Config['login'] {
  const redirectPath = env.OIDC_REDIRECT_PATH?.trim() || '/auth/callback';
  if (!/^\/[\w\-/]*$/.test(redirectPath)) fail('OIDC_REDIRECT_PATH', `must be a path starting with /, got "${redirectPath}"`);
  const sessionSecret = env.BTB_SESSION_SECRET?.trim() || '';
  if (nodeEnv === 'production' && sessionSecret.length < 32) {
    fail('BTB_SESSION_SECRET', 'must be set to at least 32 random characters in production (the same on every node)');
  }
  return {
    redirectPath,
    postLogoutRedirectUri:
      url(env, 'OIDC_POST_LOGOUT_REDIRECT_URI', `${publicUrl}/`, ['http:', 'https:']) ?? `${publicUrl}/`,
    scopes: env.OIDC_SCOPES?.trim() || 'openid profile email',
    claimForeignId: env.OIDC_CLAIM_FOREIGN_ID?.trim() || 'foreign_id',
    sessionIdleMinutes: int(env, 'BTB_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int(env, 'BTB_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    // Outside production a fixed secret is fine: the development login lets anyone be anyone anyway.
    sessionSecret: sessionSecret || 'btb-development-session-secret-not-for-production',
    cookieSecure: bool(env, 'BTB_COOKIE_SECURE', nodeEnv === 'production'),
    rateLimitAuth: int(env, 'BTB_RATE_LIMIT_AUTH', 30, 1, 1_000_000),
    rateLimitDevIdp: int(env, 'BTB_RATE_LIMIT_DEV_IDP', 300, 1, 1_000_000),
    rateLimitPublic: int(env, 'BTB_RATE_LIMIT_PUBLIC', 1200, 1, 1_000_000),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    fail('NODE_ENV', `must be development, test or production, got "${nodeEnv}"`);
  }
  const isProduction = nodeEnv === 'production';
  const port = int(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL?.trim() || 'sqlite:data/btb.sqlite';
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    fail('DATABASE_URL', `must be sqlite:PATH or postgres://…, got "${databaseUrl}"`);
  }
  const devLogin = bool(env, 'BTB_DEV_LOGIN', !isProduction);
  if (isProduction && devLogin) {
    fail('BTB_DEV_LOGIN', 'must be off in production: the development login lets anyone be anyone');
  }
  const publicUrl =
    url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']) ?? `http://localhost:${port}`;
  const reminderRaw = env.REMINDER_DAYS?.trim() || '30,7';
  const reminderDays = reminderRaw.split(',').map((s) => {
    const t = s.trim();
    if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 365) {
      fail('REMINDER_DAYS', `must be a comma-separated list of days between 1 and 365, got "${reminderRaw}"`);
    }
    return Number(t);
  });
  const logLevel = env.LOG_LEVEL?.trim() || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    fail('LOG_LEVEL', `must be one of fatal, error, warn, info, debug, trace, silent, got "${logLevel}"`);
  }
  return {
    env: nodeEnv as Config['env'],
    host,
    port,
    publicUrl: publicUrl.replace(/\/$/, ''),
    databaseUrl,
    logLevel,
    cataloguePath: env.CATALOGUE_PATH?.trim() || undefined,
    devLogin,
    devKeyPath: env.BTB_DEV_KEY_PATH?.trim() || 'data/dev-signing-key.json',
    login: loginConfig(env, nodeEnv, publicUrl.replace(/\/$/, '')),
    oidc: {
      issuer: url(env, 'OIDC_ISSUER', undefined, ['http:', 'https:']),
      clientId: env.OIDC_CLIENT_ID?.trim() || undefined,
      clientSecret: env.OIDC_CLIENT_SECRET?.trim() || undefined,
      audience: env.OIDC_AUDIENCE?.trim() || 'btb',
      claims: {
        person: env.OIDC_CLAIM_PERSON?.trim() || 'national_number',
        loa: env.OIDC_CLAIM_LOA?.trim() || 'acr',
        familyName: env.OIDC_CLAIM_FAMILY_NAME?.trim() || 'family_name',
        givenName: env.OIDC_CLAIM_GIVEN_NAME?.trim() || 'given_name',
        email: env.OIDC_CLAIM_EMAIL?.trim() || 'email',
        locale: env.OIDC_CLAIM_LOCALE?.trim() || 'locale',
      },
      acrMap: parseAcrMap(
        'OIDC_ACR_MAP',
        env.OIDC_ACR_MAP?.trim() || 'low=low,substantial=substantial,high=high',
      ),
    },
    mail: {
      smtpUrl: url(env, 'SMTP_URL', undefined, ['smtp:', 'smtps:']),
      from: env.MAIL_FROM?.trim() || 'btb <no-reply@btb.localhost>',
      mailboxDir: env.MAILBOX_DIR?.trim() || 'data/mailbox',
    },
    invitationTtlDays: int(env, 'INVITATION_TTL_DAYS', 14, 1, 365),
    rateLimit: {
      redisUrl: url(env, 'BTB_RATE_LIMIT_REDIS_URL', undefined, ['redis:', 'rediss:']),
      redisPrefix: env.BTB_RATE_LIMIT_REDIS_PREFIX?.trim() || 'btb:rl:',
      mandateUnitsPerActorPerHour: int(env, 'BTB_RATE_MANDATE_PER_ACTOR_PER_HOUR', 12_000, 1, 10_000_000),
      mandateUnitsPerClientPerHour: int(env, 'BTB_RATE_MANDATE_PER_CLIENT_PER_HOUR', 50_000, 1, 10_000_000),
    },
    reminderDays,
    attachmentsDir: env.ATTACHMENTS_DIR?.trim() || 'data/attachments',
    exception: {
      targetWorkingDays: int(env, 'EXCEPTION_TARGET_WORKING_DAYS', 10, 1, 120),
      warnWorkingDays: int(env, 'EXCEPTION_WARN_WORKING_DAYS', 2, 0, 60),
      fourEyes: bool(env, 'EXCEPTION_FOUR_EYES', false),
      powDifficulty: int(env, 'EXCEPTION_POW_DIFFICULTY', 18, 0, 32),
      maxFileBytes: int(env, 'ATTACHMENT_MAX_FILE_MB', 10, 1, 100) * 1024 * 1024,
      maxRequestBytes: int(env, 'ATTACHMENT_MAX_REQUEST_MB', 25, 1, 500) * 1024 * 1024,
      ratePerAddressPerHour: int(env, 'EXCEPTION_RATE_PER_ADDRESS_PER_HOUR', 5, 1, 100_000),
    },
    retention: {
      sessionDays: int(env, 'RETENTION_SESSION_DAYS', 7, 0, 3650),
      outboxDays: int(env, 'RETENTION_OUTBOX_DAYS', 90, 1, 3650),
      webhookDays: int(env, 'RETENTION_WEBHOOK_DAYS', 90, 1, 3650),
      invitationDays: int(env, 'RETENTION_INVITATION_DAYS', 90, 1, 3650),
      // at least 30 days: a decision can be contested, and the documents are its evidence
      exceptionDays: int(env, 'RETENTION_EXCEPTION_DAYS', 365, 30, 3650),
    },
  };
}
