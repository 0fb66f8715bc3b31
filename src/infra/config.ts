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
  reminderDays: number[];
  attachmentsDir: string;
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
    reminderDays,
    attachmentsDir: env.ATTACHMENTS_DIR?.trim() || 'data/attachments',
  };
}
