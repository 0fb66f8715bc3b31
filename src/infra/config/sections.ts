/**
 * The settings of one area each (login, the exception procedure, metrics, the audit key and
 * anchors), read by config.ts with the reader of ./reader.ts.
 */
import { createHash } from 'node:crypto';
import type { Loa } from '../../domain/actor.ts';
import type { Config } from '../../ports.ts';
import type { Reader } from './reader.ts';

export function parseAcrMap(r: Reader, name: string): Record<string, Loa> {
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

export function loginConfig(r: Reader, nodeEnv: string, publicUrl: string): Config['login'] {
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
export function exceptionConfig(r: Reader, isProduction: boolean): Config['exception'] {
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
export function metricsConfig(r: Reader): Pick<Config, 'metrics' | 'apiDocsPublic'> {
  const token = r.raw('BTB_METRICS_TOKEN');
  if (token !== undefined && token.length < 32) r.fail('BTB_METRICS_TOKEN', 'must be at least 32 random characters');
  return {
    metrics: { token, listen: listenAddress(r, 'BTB_METRICS_LISTEN') },
    apiDocsPublic: r.bool('BTB_API_DOCS_PUBLIC', true),
  };
}

/** The audit signing key and anchors (issue 13, finding 4). */
export function auditConfig(r: Reader, isProduction: boolean, databaseUrl: string): Config['audit'] {
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
