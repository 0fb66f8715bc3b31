import type { Command } from 'commander';
import { addApiClient, addWebhook, listApiClients, revokeApiClient } from '../app/manage-api-clients.ts';
import type { Config } from '../infra/config.ts';
import { replayDeadWebhooks } from '../infra/outbox/webhook-delivery.ts';
import { withDeps } from './with-deps.ts';

type LoadConfig = () => Config;

/** The operator's side of the check API: register callers and their webhook subscriptions. */
export function registerClientCommands(program: Command, loadConfig: LoadConfig): void {
  const client = program
    .command('client')
    .description('API clients of the check API (online services, access-management systems)');
  client
    .command('add')
    .description('Register a client; prints its id and secret once (only a hash of the secret is kept)')
    .requiredOption('--name <name>', 'who calls, e.g. "Social Security user management"')
    .requiredOption('--scope <list>', 'comma-separated domain or service codes, or * for all')
    .action(async (opts: { name: string; scope: string }) => {
      const c = await withDeps(loadConfig, (deps) => addApiClient(deps, opts));
      process.stdout.write(`client_id: ${c.clientId}\nclient_secret: ${c.clientSecret}\nscope: ${c.scope.join(',')}\n`);
      process.stderr.write('Store the secret now: it cannot be shown again.\n');
    });
  client
    .command('list')
    .description('List the registered clients')
    .action(async () => {
      const rows = await withDeps(loadConfig, (deps) => listApiClients(deps));
      for (const r of rows) {
        process.stdout.write(
          `${r.clientId}\t${r.revokedAt ? `revoked ${r.revokedAt}` : 'active'}\t${r.scope.join(',')}\t${r.name}\n`,
        );
      }
    });
  client
    .command('revoke')
    .description('Revoke a client: its tokens, Basic credentials and webhooks stop working at once, on every node')
    .argument('<id>', 'client id')
    .action(async (id: string) => {
      await withDeps(loadConfig, (deps) => revokeApiClient(deps, { clientId: id }));
      process.stdout.write(`revoked ${id}\n`);
    });

  const webhook = program
    .command('webhook')
    .alias('webhooks')
    .description('Webhook subscriptions: change events for a client');
  webhook
    .command('replay')
    .description('Put dead-lettered deliveries (failed BTB_WEBHOOK_MAX_ATTEMPTS times) back in the queue')
    .option('--subscription <id>', 'only this subscription')
    .action(async (opts: { subscription?: string }) => {
      const n = await withDeps(loadConfig, (deps) => replayDeadWebhooks(deps, { subscriptionId: opts.subscription }));
      process.stdout.write(`${n} dead-lettered deliver${n === 1 ? 'y' : 'ies'} queued again\n`);
    });
  webhook
    .command('add')
    .description('Subscribe a client to change events; prints the signing secret once')
    .requiredOption('--client <id>', 'client id')
    .requiredOption('--url <url>', 'https URL that receives the events')
    .action(async (opts: { client: string; url: string }) => {
      const s = await withDeps(loadConfig, (deps) => addWebhook(deps, { clientId: opts.client, url: opts.url }));
      process.stdout.write(`subscription_id: ${s.subscriptionId}\nurl: ${s.url}\nsigning_secret: ${s.secret}\n`);
    });
}
