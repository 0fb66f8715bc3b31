import type { Command } from 'commander';
import { isLoa } from '../domain/actor.ts';
import { parsePersonId } from '../domain/person-id.ts';
import { signDevToken } from '../infra/auth/dev-key.ts';
import type { Config } from '../infra/config.ts';

export function registerDevCommands(program: Command, loadConfig: () => Config): void {
  const dev = program.command('dev').description('Development helpers (refused in production)');
  dev
    .command('token')
    .description('Print a bearer token for a person, signed by the development key that a development server trusts')
    .requiredOption(
      '--person <number>',
      'national or BIS number, any spelling, or an eIDAS identifier CC/BE/identifier',
    )
    .option('--loa <level>', 'assurance level: low, substantial or high', 'substantial')
    .option('--ttl <seconds>', 'lifetime in seconds', '3600')
    .action(async (opts: { person: string; loa: string; ttl: string }) => {
      const config = loadConfig();
      if (!config.devLogin) throw new Error('the development login is off (production, or BTB_DEV_LOGIN=false)');
      const parsed = parsePersonId(opts.person);
      if (!parsed.ok) throw new Error(`--person: not a valid national, BIS or eIDAS identifier (${parsed.reason})`);
      if (!isLoa(opts.loa)) throw new Error('--loa must be low, substantial or high');
      const ttl = Number(opts.ttl);
      const max = config.oidc.bearerMaxLifetimeSeconds;
      // a longer token would be refused by the server anyway (issue 13, finding 13)
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > max) {
        throw new Error(`--ttl must be between 1 and ${max} seconds (BTB_BEARER_MAX_LIFETIME_MINUTES)`);
      }
      const token = await signDevToken(
        config.devKeyPath,
        { [config.oidc.claims.person]: parsed.value.id, [config.oidc.claims.loa]: devAcr(config, opts.loa) },
        { audience: config.oidc.audience, ttlSeconds: ttl },
      );
      process.stdout.write(`${token}\n`);
    });
}

/** The provider's acr value for a level: the first configured value that maps to it. */
function devAcr(config: Config, loa: string): string {
  return Object.entries(config.oidc.acrMap).find(([, level]) => level === loa)?.[0] ?? loa;
}
