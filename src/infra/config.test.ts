/**
 * Issue 15 item 3 and issue 13 finding 5: an unset NODE_ENV is production, every problem is
 * named in one error, production serving refuses to start without what it needs, and the
 * logged summary holds no secret.
 */
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../domain/errors.ts';
import { type ConfigProblem, loadConfig } from './config.ts';
import { summarizeConfig } from './config-summary.ts';

const production = {
  PUBLIC_URL: 'https://btb.example.be',
  OIDC_ISSUER: 'https://idp.example.be',
  OIDC_CLIENT_ID: 'btb',
  OIDC_CLIENT_SECRET: 'client-secret-value-1234',
  BTB_SESSION_SECRET: 's'.repeat(40),
  BTB_AUDIT_SIGNING_KEY_FILE: '/etc/btb/audit-key.pem',
  SMTP_URL: 'smtp://mailer:hunter2-password@smtp.example.be:587',
};

function problemsOf(fn: () => unknown): ConfigProblem[] {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e) && e.code === 'config.invalid') return (e.details as { problems: ConfigProblem[] }).problems;
    throw e;
  }
  return [];
}

describe('configuration is safe by default (issue 13 finding 5, issue 15)', () => {
  it('an unset NODE_ENV is production, without the development login', () => {
    const config = loadConfig({});
    expect(config.env).toBe('production');
    expect(config.devLogin).toBe(false);
    expect(config.login.cookieSecure).toBe(true);
  });

  it('development is asked for explicitly', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).devLogin).toBe(true);
  });

  it('serving in production with nothing set names every missing setting in one error', () => {
    const variables = problemsOf(() => loadConfig({}, { serving: true })).map((p) => p.variable);
    expect(variables.sort()).toEqual(
      [
        'BTB_AUDIT_SIGNING_KEY or BTB_AUDIT_SIGNING_KEY_FILE',
        'BTB_SESSION_SECRET',
        'OIDC_CLIENT_ID',
        'OIDC_CLIENT_SECRET',
        'OIDC_ISSUER',
        'PUBLIC_URL',
        'SMTP_URL',
      ].sort(),
    );
  });

  it.each([
    ['all production settings', {}, []],
    ['mail to files chosen explicitly instead of SMTP', { SMTP_URL: undefined, BTB_MAIL: 'file' }, []],
    [
      'the audit key inline instead of a file',
      { BTB_AUDIT_SIGNING_KEY_FILE: undefined, BTB_AUDIT_SIGNING_KEY: 'pem' },
      [],
    ],
    ['no SMTP and no choice', { SMTP_URL: undefined }, ['SMTP_URL']],
    ['the development login switched on', { BTB_DEV_LOGIN: 'true' }, ['BTB_DEV_LOGIN']],
    ['a plain-http public address', { PUBLIC_URL: 'http://btb.example.be' }, ['PUBLIC_URL']],
    ['a short session secret', { BTB_SESSION_SECRET: 'short' }, ['BTB_SESSION_SECRET']],
    [
      'no audit key',
      { BTB_AUDIT_SIGNING_KEY_FILE: undefined },
      ['BTB_AUDIT_SIGNING_KEY or BTB_AUDIT_SIGNING_KEY_FILE'],
    ],
    ['mail to files and SMTP both', { BTB_MAIL: 'file' }, ['BTB_MAIL']],
  ] as const)('production serving: %s', (_name, change, expected) => {
    const env: Record<string, string | undefined> = { ...production, ...change };
    expect(problemsOf(() => loadConfig(env, { serving: true })).map((p) => p.variable)).toEqual(expected);
  });

  it('commands that do not serve (migrate, import, operator add) run in production without the login settings', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.sqlite' }).env).toBe('production');
  });

  it('every malformed setting is named in one error, not only the first', () => {
    const problems = problemsOf(() =>
      loadConfig({
        NODE_ENV: 'development',
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        SMTP_URL: 'http://mail',
        BTB_COOKIE_SECURE: 'maybe',
        OIDC_ACR_MAP: 'x=max',
      }),
    );
    expect(problems.map((p) => p.variable)).toEqual([
      'PORT',
      'LOG_LEVEL',
      'SMTP_URL',
      'BTB_COOKIE_SECURE',
      'OIDC_ACR_MAP',
    ]);
  });

  it.each([
    [undefined, 10],
    ['32', 32],
  ])('DATABASE_POOL_SIZE %s gives a pool of %i', (value, size) => {
    expect(loadConfig({ NODE_ENV: 'development', DATABASE_POOL_SIZE: value }).databasePoolSize).toBe(size);
  });

  it.each(['0', '1001', 'ten', '2.5'])('DATABASE_POOL_SIZE %s is refused by name', (value) => {
    expect(
      problemsOf(() => loadConfig({ NODE_ENV: 'development', DATABASE_POOL_SIZE: value })).map((p) => p.variable),
    ).toEqual(['DATABASE_POOL_SIZE']);
  });

  it('the error message lists each variable on its own line', () => {
    expect(() => loadConfig({ PORT: 'x', NODE_ENV: 'staging' })).toThrow(/NODE_ENV .*\n\s+PORT /);
  });

  it('the logged summary holds no secret', () => {
    const summary = JSON.stringify(
      summarizeConfig(
        loadConfig({ ...production, DATABASE_URL: 'postgres://btb:db-password-value@db:5432/btb' }, { serving: true }),
      ),
    );
    for (const secret of ['client-secret-value-1234', 's'.repeat(40), 'hunter2-password', 'db-password-value']) {
      expect(summary).not.toContain(secret);
    }
    expect(summary).toContain('https://idp.example.be');
  });
});
