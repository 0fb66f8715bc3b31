/**
 * Configuration is read and validated once, here, from the environment. Nothing else in btb
 * reads process.env: use cases get what they need as arguments. A wrong value stops start-up
 * with a message that names the variable.
 */
import { createHash } from 'node:crypto';
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
  /**
   * /metrics (issue 13, finding 12): behind a bearer token, and/or on its own listen address; in
   * production with neither it is not served at all. docs/configuration.md "Metrics and API docs"
   */
  metrics: { token?: string; listen?: { host: string; port: number } };
  /** /openapi.json and /docs served to anyone (the contract is no secret; a setting all the same) */
  apiDocsPublic: boolean;
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
    /** longest a bearer token may live (exp − iat) and longest since it was issued (now − iat), in seconds */
    bearerMaxLifetimeSeconds: number;
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
  /** the audit chain's signed checkpoints (anchors); docs/audit.md, docs/configuration.md "Audit" */
  audit: {
    /** Ed25519 private key, PEM or base64 PKCS#8 (BTB_AUDIT_SIGNING_KEY); wins over the file */
    signingKey?: string;
    /** a PEM file holding it; outside production defaults to data/audit-signing-key.pem */
    signingKeyFile?: string;
    /** create the key file when missing: outside production only */
    generateKey: boolean;
    /** PEM public keys of retired signing keys, still trusted by `btb audit verify` */
    keyringFile?: string;
    /** the append-only file every checkpoint is written to, fsync'd, before a change is answered */
    anchorFile: string;
    /** optional remote copy of each checkpoint (POST, JSON), sent after the local write */
    anchorWebhook?: string;
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
  // No prototype: an acr value such as '__proto__' is an ordinary key here (issue 13, finding 14).
  const map: Record<string, Loa> = Object.create(null);
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

/**
 * Anchors belong to one database, so the default file is named after it: beside a SQLite file,
 * or under data/ with a digest of a PostgreSQL address (host, port, database, options; never
 * the password) so that two databases never share an anchor file.
 */
export function defaultAnchorFile(databaseUrl: string): string {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
    return path === ':memory:' ? 'data/audit-anchors-memory.jsonl' : `${path}.audit-anchors.jsonl`;
  }
  const u = new URL(databaseUrl);
  const id = createHash('sha256')
    .update(`${u.hostname}:${u.port}${u.pathname}?${u.searchParams.toString()}`)
    .digest('hex')
    .slice(0, 12);
  return `data/audit-anchors-${id}.jsonl`;
}

/** The exception procedure's settings; four eyes are on by default in production (issue 13, finding 6). */
export function exceptionConfig(env: Env, isProduction: boolean): Config['exception'] {
  return {
    targetWorkingDays: int(env, 'EXCEPTION_TARGET_WORKING_DAYS', 10, 1, 120),
    warnWorkingDays: int(env, 'EXCEPTION_WARN_WORKING_DAYS', 2, 0, 60),
    fourEyes: bool(env, 'EXCEPTION_FOUR_EYES', isProduction),
    powDifficulty: int(env, 'EXCEPTION_POW_DIFFICULTY', 18, 0, 32),
    maxFileBytes: int(env, 'ATTACHMENT_MAX_FILE_MB', 10, 1, 100) * 1024 * 1024,
    maxRequestBytes: int(env, 'ATTACHMENT_MAX_REQUEST_MB', 25, 1, 500) * 1024 * 1024,
    ratePerAddressPerHour: int(env, 'EXCEPTION_RATE_PER_ADDRESS_PER_HOUR', 5, 1, 100_000),
  };
}

function listenAddress(env: Env, name: string): { host: string; port: number } | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const m = /^(?:(.+):)?(\d{1,5})$/.exec(raw);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port < 1 || port > 65535) fail(name, `must be PORT or HOST:PORT, got "${raw}"`);
  return { host: m[1] || '127.0.0.1', port };
}

/** /metrics and the API docs (issue 13, finding 12). */
export function metricsConfig(env: Env): Pick<Config, 'metrics' | 'apiDocsPublic'> {
  const token = env.BTB_METRICS_TOKEN?.trim() || undefined;
  if (token !== undefined && token.length < 32) fail('BTB_METRICS_TOKEN', 'must be at least 32 random characters');
  return {
    metrics: { token, listen: listenAddress(env, 'BTB_METRICS_LISTEN') },
    apiDocsPublic: bool(env, 'BTB_API_DOCS_PUBLIC', true),
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
    ...metricsConfig(env),
    devLogin,
    devKeyPath: env.BTB_DEV_KEY_PATH?.trim() || 'data/dev-signing-key.json',
    login: loginConfig(env, nodeEnv, publicUrl.replace(/\/$/, '')),
    oidc: {
      issuer: url(env, 'OIDC_ISSUER', undefined, ['http:', 'https:']),
      clientId: env.OIDC_CLIENT_ID?.trim() || undefined,
      clientSecret: env.OIDC_CLIENT_SECRET?.trim() || undefined,
      audience: env.OIDC_AUDIENCE?.trim() || 'btb',
      bearerMaxLifetimeSeconds: int(env, 'BTB_BEARER_MAX_LIFETIME_MINUTES', 60, 1, 24 * 60) * 60,
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
    exception: exceptionConfig(env, isProduction),
    retention: {
      sessionDays: int(env, 'RETENTION_SESSION_DAYS', 7, 0, 3650),
      outboxDays: int(env, 'RETENTION_OUTBOX_DAYS', 90, 1, 3650),
      webhookDays: int(env, 'RETENTION_WEBHOOK_DAYS', 90, 1, 3650),
      invitationDays: int(env, 'RETENTION_INVITATION_DAYS', 90, 1, 3650),
      // at least 30 days: a decision can be contested, and the documents are its evidence
      exceptionDays: int(env, 'RETENTION_EXCEPTION_DAYS', 365, 30, 3650),
    },
    audit: {
      signingKey: env.BTB_AUDIT_SIGNING_KEY?.trim() || undefined,
      // In production no default: the key must be provided (missingAuditSettings names it).
      signingKeyFile:
        env.BTB_AUDIT_SIGNING_KEY_FILE?.trim() || (isProduction ? undefined : 'data/audit-signing-key.pem'),
      generateKey: !isProduction,
      keyringFile: env.BTB_AUDIT_KEYRING?.trim() || 'data/audit-keyring.pem',
      anchorFile: env.BTB_AUDIT_ANCHOR_FILE?.trim() || defaultAnchorFile(databaseUrl),
      anchorWebhook: url(env, 'BTB_AUDIT_ANCHOR_WEBHOOK', undefined, isProduction ? ['https:'] : ['https:', 'http:']),
    },
  };
}
