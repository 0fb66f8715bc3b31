/**
 * Configuration is read and validated once, here, from the environment. Nothing else in btb
 * reads process.env: use cases get what they need as arguments. Every wrong or missing value is
 * collected, and start-up stops with ONE error that names each variable (issue 15).
 *
 * Safe by default (issue 13 finding 5): an unset NODE_ENV is production. The development login
 * and mail to files are opt-in, and `btb serve` in production refuses to start without what it
 * needs (see productionProblems).
 */
import { createHash } from 'node:crypto';
import type { Loa } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { Config } from '../ports.ts';

// The shape of the configuration lives in src/ports.ts (every layer receives it, in Deps);
// this module reads and checks it. Re-exported so that the command line and the routes keep
// one import for both.
export type { Config };

type Env = Record<string, string | undefined>;

export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Reads variables, records each name it consulted and each problem, and never throws. */
function reader(env: Env) {
  const problems: ConfigProblem[] = [];
  const consulted = new Set<string>();
  const raw = (name: string): string | undefined => {
    consulted.add(name);
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const fail = (variable: string, problem: string): void => {
    problems.push({ variable, problem });
  };
  return {
    problems,
    consulted,
    raw,
    fail,
    str: (name: string, def: string): string => raw(name) ?? def,
    int(name: string, def: number, min: number, max: number): number {
      const v = raw(name);
      if (v === undefined) return def;
      if (!/^\d+$/.test(v)) {
        fail(name, `must be a whole number, got "${v}"`);
        return def;
      }
      const n = Number(v);
      if (n < min || n > max) {
        fail(name, `must be between ${min} and ${max}, got ${n}`);
        return def;
      }
      return n;
    },
    bool(name: string, def: boolean): boolean {
      const v = raw(name)?.toLowerCase();
      if (v === undefined) return def;
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      fail(name, `must be true or false, got "${env[name]}"`);
      return def;
    },
    url(name: string, def: string | undefined, protocols: string[]): string | undefined {
      const v = raw(name) ?? def;
      if (v === undefined) return undefined;
      let u: URL;
      try {
        u = new URL(v);
      } catch {
        fail(name, `must be a URL, got "${v}"`);
        return def;
      }
      if (!protocols.includes(u.protocol)) {
        fail(name, `must start with ${protocols.join(' or ')}, got "${u.protocol}"`);
        return def;
      }
      return v;
    },
  };
}
type Reader = ReturnType<typeof reader>;

function parseAcrMap(r: Reader, name: string): Record<string, Loa> {
  const raw = r.raw(name) ?? 'low=low,substantial=substantial,high=high';
  // No prototype: an acr value such as '__proto__' is an ordinary key here (issue 13, finding 14).
  const map: Record<string, Loa> = Object.create(null);
  for (const pair of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = pair.lastIndexOf('=');
    const key = pair.slice(0, i).trim();
    const level = pair.slice(i + 1).trim();
    if (i <= 0 || !['low', 'substantial', 'high'].includes(level)) {
      r.fail(name, `must be a comma-separated list of acr=low|substantial|high, got "${pair}"`);
      continue;
    }
    map[key] = level as Loa;
  }
  return map;
}

function loginConfig(r: Reader, nodeEnv: string, publicUrl: string): Config['login'] {
  const redirectPath = r.str('OIDC_REDIRECT_PATH', '/auth/callback');
  if (!/^\/[\w\-/]*$/.test(redirectPath))
    r.fail('OIDC_REDIRECT_PATH', `must be a path starting with /, got "${redirectPath}"`);
  const sessionSecret = r.raw('BTB_SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    r.fail('BTB_SESSION_SECRET', 'must be at least 32 random characters (the same on every node)');
  }
  return {
    redirectPath,
    postLogoutRedirectUri:
      r.url('OIDC_POST_LOGOUT_REDIRECT_URI', `${publicUrl}/`, ['http:', 'https:']) ?? `${publicUrl}/`,
    scopes: r.str('OIDC_SCOPES', 'openid profile email'),
    claimForeignId: r.str('OIDC_CLAIM_FOREIGN_ID', 'foreign_id'),
    sessionIdleMinutes: r.int('BTB_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: r.int('BTB_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    // Outside production a fixed secret is fine: the development login lets anyone be anyone anyway.
    // In production, serving without BTB_SESSION_SECRET is refused (productionProblems).
    sessionSecret: sessionSecret ?? 'btb-development-session-secret-not-for-production',
    cookieSecure: r.bool('BTB_COOKIE_SECURE', nodeEnv === 'production'),
    rateLimitAuth: r.int('BTB_RATE_LIMIT_AUTH', 30, 1, 1_000_000),
    rateLimitDevIdp: r.int('BTB_RATE_LIMIT_DEV_IDP', 300, 1, 1_000_000),
    rateLimitPublic: r.int('BTB_RATE_LIMIT_PUBLIC', 1200, 1, 1_000_000),
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
function exceptionConfig(r: Reader, isProduction: boolean): Config['exception'] {
  return {
    targetWorkingDays: r.int('EXCEPTION_TARGET_WORKING_DAYS', 10, 1, 120),
    warnWorkingDays: r.int('EXCEPTION_WARN_WORKING_DAYS', 2, 0, 60),
    fourEyes: r.bool('EXCEPTION_FOUR_EYES', isProduction),
    powDifficulty: r.int('EXCEPTION_POW_DIFFICULTY', 18, 0, 32),
    maxFileBytes: r.int('ATTACHMENT_MAX_FILE_MB', 10, 1, 100) * 1024 * 1024,
    maxRequestBytes: r.int('ATTACHMENT_MAX_REQUEST_MB', 25, 1, 500) * 1024 * 1024,
    ratePerAddressPerHour: r.int('EXCEPTION_RATE_PER_ADDRESS_PER_HOUR', 5, 1, 100_000),
  };
}

function listenAddress(r: Reader, name: string): { host: string; port: number } | undefined {
  const raw = r.raw(name);
  if (!raw) return undefined;
  const m = /^(?:(.+):)?(\d{1,5})$/.exec(raw);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port < 1 || port > 65535) {
    r.fail(name, `must be PORT or HOST:PORT, got "${raw}"`);
    return undefined;
  }
  return { host: m[1] || '127.0.0.1', port };
}

/** /metrics and the API docs (issue 13, finding 12). */
function metricsConfig(r: Reader): Pick<Config, 'metrics' | 'apiDocsPublic'> {
  const token = r.raw('BTB_METRICS_TOKEN');
  if (token !== undefined && token.length < 32) r.fail('BTB_METRICS_TOKEN', 'must be at least 32 random characters');
  return {
    metrics: { token, listen: listenAddress(r, 'BTB_METRICS_LISTEN') },
    apiDocsPublic: r.bool('BTB_API_DOCS_PUBLIC', true),
  };
}

/** The audit signing key and anchors (issue 13, finding 4). */
function auditConfig(r: Reader, isProduction: boolean, databaseUrl: string): Config['audit'] {
  return {
    signingKey: r.raw('BTB_AUDIT_SIGNING_KEY'),
    // In production no default: the key must be provided (productionProblems names it).
    signingKeyFile: r.raw('BTB_AUDIT_SIGNING_KEY_FILE') ?? (isProduction ? undefined : 'data/audit-signing-key.pem'),
    generateKey: !isProduction,
    keyringFile: r.str('BTB_AUDIT_KEYRING', 'data/audit-keyring.pem'),
    anchorFile: r.raw('BTB_AUDIT_ANCHOR_FILE') ?? defaultAnchorFile(databaseUrl),
    anchorWebhook: r.url('BTB_AUDIT_ANCHOR_WEBHOOK', undefined, isProduction ? ['https:'] : ['https:', 'http:']),
  };
}

/**
 * What `btb serve` needs in production, beyond well-formed values: a real identity provider
 * (never the embedded development one), a session secret, the audit signing key, and SMTP or
 * an explicit choice of mail to files. The audit key itself is read by the audit module.
 */
function productionProblems(r: Reader, config: Config): void {
  const missing = (variable: string, why: string) => r.fail(variable, `must be set in production: ${why}`);
  if (!r.raw('PUBLIC_URL')) missing('PUBLIC_URL', 'the https address people and identity providers reach btb at');
  else if (!config.publicUrl.startsWith('https:')) r.fail('PUBLIC_URL', 'must be an https:// address in production');
  if (!config.oidc.issuer) missing('OIDC_ISSUER', 'the identity provider people log in with');
  if (!config.oidc.clientId) missing('OIDC_CLIENT_ID', "btb's client id at the identity provider");
  if (!config.oidc.clientSecret) missing('OIDC_CLIENT_SECRET', "btb's client secret at the identity provider");
  if (!r.raw('BTB_SESSION_SECRET'))
    missing('BTB_SESSION_SECRET', 'at least 32 random characters, the same on every node');
  if (!config.audit.signingKey && !config.audit.signingKeyFile) {
    missing(
      'BTB_AUDIT_SIGNING_KEY or BTB_AUDIT_SIGNING_KEY_FILE',
      'the Ed25519 key that signs audit checkpoints (docs/audit.md)',
    );
  }
  if (!config.mail.smtpUrl && r.raw('BTB_MAIL') !== 'file') {
    missing('SMTP_URL', 'where mail goes out; or BTB_MAIL=file to write mail to MAILBOX_DIR on purpose');
  }
}

export interface LoadOptions {
  /** `btb serve` and `btb start`: also refuse a production configuration that lacks what serving needs */
  serving?: boolean;
}

/** Thrown once, naming every problem; `details.problems` lists them. */
function configError(problems: ConfigProblem[]): DomainError {
  const lines = problems.map((p) => `  ${p.variable} ${p.problem}`);
  return new DomainError(
    'config.invalid',
    { problems },
    `Configuration error (${problems.length} setting${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
  );
}

export function loadConfig(env: Env = process.env, options: LoadOptions = {}): Config {
  return readConfig(env, options).config;
}

/** The configuration and the names of every variable it consulted (docs/configuration.md is checked against them). */
export function readConfig(env: Env, options: LoadOptions = {}): { config: Config; consulted: Set<string> } {
  const r = reader(env);
  let nodeEnv = r.raw('NODE_ENV') ?? 'production';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    r.fail('NODE_ENV', `must be development, test or production (unset means production), got "${nodeEnv}"`);
    nodeEnv = 'production';
  }
  const isProduction = nodeEnv === 'production';
  const port = r.int('PORT', 3000, 0, 65535);
  const host = r.str('HOST', '127.0.0.1');
  let databaseUrl = r.str('DATABASE_URL', 'sqlite:data/btb.sqlite');
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    r.fail('DATABASE_URL', `must be sqlite:PATH or postgres://…, got "${databaseUrl}"`);
    databaseUrl = 'sqlite:data/btb.sqlite';
  }
  const databasePoolSize = r.int('DATABASE_POOL_SIZE', 10, 1, 1000);
  const devLogin = r.bool('BTB_DEV_LOGIN', !isProduction);
  if (isProduction && devLogin) {
    r.fail('BTB_DEV_LOGIN', 'must be off in production: the development login lets anyone be anyone');
  }
  const publicUrl = (
    r.url('PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']) ?? `http://localhost:${port}`
  ).replace(/\/$/, '');
  const reminderRaw = r.str('REMINDER_DAYS', '30,7');
  const reminderParts = reminderRaw.split(',').map((s) => s.trim());
  const reminderDays = reminderParts.map(Number);
  if (reminderParts.some((t) => !/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 365)) {
    r.fail('REMINDER_DAYS', `must be a comma-separated list of days between 1 and 365, got "${reminderRaw}"`);
  }
  const logLevel = r.str('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    r.fail('LOG_LEVEL', `must be one of fatal, error, warn, info, debug, trace, silent, got "${logLevel}"`);
  }
  const mailChoice = r.raw('BTB_MAIL');
  if (mailChoice !== undefined && !['smtp', 'file'].includes(mailChoice)) {
    r.fail('BTB_MAIL', `must be smtp or file, got "${mailChoice}"`);
  }
  const smtpUrl = r.url('SMTP_URL', undefined, ['smtp:', 'smtps:']);
  if (mailChoice === 'file' && smtpUrl) r.fail('BTB_MAIL', 'is file, but SMTP_URL is set too: choose one');
  if (mailChoice === 'smtp' && !smtpUrl) r.fail('SMTP_URL', 'must be set when BTB_MAIL=smtp');
  const config: Config = {
    env: nodeEnv as Config['env'],
    host,
    port,
    publicUrl,
    databaseUrl,
    databasePoolSize,
    logLevel,
    cataloguePath: r.raw('CATALOGUE_PATH'),
    ...metricsConfig(r),
    devLogin,
    devKeyPath: r.str('BTB_DEV_KEY_PATH', 'data/dev-signing-key.json'),
    login: loginConfig(r, nodeEnv, publicUrl),
    oidc: {
      issuer: r.url('OIDC_ISSUER', undefined, ['http:', 'https:']),
      clientId: r.raw('OIDC_CLIENT_ID'),
      clientSecret: r.raw('OIDC_CLIENT_SECRET'),
      audience: r.str('OIDC_AUDIENCE', 'btb'),
      bearerMaxLifetimeSeconds: r.int('BTB_BEARER_MAX_LIFETIME_MINUTES', 60, 1, 24 * 60) * 60,
      claims: {
        person: r.str('OIDC_CLAIM_PERSON', 'national_number'),
        loa: r.str('OIDC_CLAIM_LOA', 'acr'),
        familyName: r.str('OIDC_CLAIM_FAMILY_NAME', 'family_name'),
        givenName: r.str('OIDC_CLAIM_GIVEN_NAME', 'given_name'),
        email: r.str('OIDC_CLAIM_EMAIL', 'email'),
        locale: r.str('OIDC_CLAIM_LOCALE', 'locale'),
        birthDate: r.str('OIDC_CLAIM_BIRTH_DATE', 'birthdate'),
      },
      acrMap: parseAcrMap(r, 'OIDC_ACR_MAP'),
    },
    mail: {
      smtpUrl,
      from: r.str('MAIL_FROM', 'btb <no-reply@btb.localhost>'),
      mailboxDir: r.str('MAILBOX_DIR', 'data/mailbox'),
    },
    invitationTtlDays: r.int('INVITATION_TTL_DAYS', 14, 1, 365),
    accessRequests: {
      ttlDays: r.int('ACCESS_REQUEST_TTL_DAYS', 30, 1, 365),
      maxOpenPerEnterprise: r.int('ACCESS_REQUEST_MAX_OPEN_PER_ENTERPRISE', 3, 1, 100),
      systemUserTtlDays: r.int('SYSTEM_USER_REQUEST_TTL_DAYS', 30, 1, 365),
    },
    rateLimit: {
      redisUrl: r.url('BTB_RATE_LIMIT_REDIS_URL', undefined, ['redis:', 'rediss:']),
      redisPrefix: r.str('BTB_RATE_LIMIT_REDIS_PREFIX', 'btb:rl:'),
      mandateUnitsPerActorPerHour: r.int('BTB_RATE_MANDATE_PER_ACTOR_PER_HOUR', 12_000, 1, 10_000_000),
      mandateUnitsPerClientPerHour: r.int('BTB_RATE_MANDATE_PER_CLIENT_PER_HOUR', 50_000, 1, 10_000_000),
    },
    webhookMaxAttempts: r.int('BTB_WEBHOOK_MAX_ATTEMPTS', 15, 1, 1000),
    reminderDays,
    registerChanges: {
      graceDays: r.int('BTB_REGISTER_GRACE_DAYS', 30, 0, 365),
      holdAllPercent: r.int('BTB_REGISTER_HOLD_ALL_PERCENT', 2, 0, 100),
      holdEnterprisePercent: r.int('BTB_REGISTER_HOLD_ENTERPRISE_PERCENT', 50, 0, 100),
      holdMinRights: r.int('BTB_REGISTER_HOLD_MIN_RIGHTS', 20, 1, 1_000_000),
    },
    checkPreloadMaxGrants: r.int('BTB_CHECK_PRELOAD_MAX_GRANTS', 10_000_000, 0, 1_000_000_000),
    lifetime: {
      unusedGrantMonths: r.int('UNUSED_GRANT_MONTHS', 24, 1, 120),
      unusedNoticeDays: r.int('UNUSED_GRANT_NOTICE_DAYS', 30, 1, 365),
      useFlushSeconds: r.int('GRANT_USE_FLUSH_SECONDS', 60, 1, 3600),
      mandateProposalDays: r.int('MANDATE_PROPOSAL_TTL_DAYS', 30, 1, 365),
    },
    attachmentsDir: r.str('ATTACHMENTS_DIR', 'data/attachments'),
    exception: exceptionConfig(r, isProduction),
    retention: {
      sessionDays: r.int('RETENTION_SESSION_DAYS', 7, 0, 3650),
      outboxDays: r.int('RETENTION_OUTBOX_DAYS', 90, 1, 3650),
      webhookDays: r.int('RETENTION_WEBHOOK_DAYS', 90, 1, 3650),
      invitationDays: r.int('RETENTION_INVITATION_DAYS', 90, 1, 3650),
      // at least 30 days: a decision can be contested, and the documents are its evidence
      exceptionDays: r.int('RETENTION_EXCEPTION_DAYS', 365, 30, 3650),
    },
    audit: auditConfig(r, isProduction, databaseUrl),
  };
  if (isProduction && options.serving) productionProblems(r, config);
  if (r.problems.length) throw configError(r.problems);
  return { config, consulted: r.consulted };
}
