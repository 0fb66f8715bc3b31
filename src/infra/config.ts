/**
 * Configuration is read and validated once, here, from the environment. Nothing else in btb
 * reads process.env: use cases get what they need as arguments. Every wrong or missing value is
 * collected, and start-up stops with ONE error that names each variable (issue 15).
 *
 * Safe by default (issue 13 finding 5): an unset NODE_ENV is production. The development login
 * and mail to files are opt-in, and `btb serve` in production refuses to start without what it
 * needs (see productionProblems).
 */
import { DomainError } from '../domain/errors.ts';
import type { Config } from '../ports.ts';
import { type ConfigProblem, type Env, type Reader, reader } from './config/reader.ts';
import { auditConfig, exceptionConfig, loginConfig, metricsConfig, parseAcrMap } from './config/sections.ts';

// The shape of the configuration lives in src/ports.ts (every layer receives it, in Deps);
// this module reads and checks it. Re-exported so that the command line and the routes keep
// one import for both (and the shape of a problem, which the error's details list).
export type { Config, ConfigProblem };

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
