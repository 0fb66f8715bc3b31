import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { applyRetention, type RetentionCategory } from '../app/apply-retention.ts';
import type { Config } from '../infra/config.ts';
import { progress } from './progress.ts';
import { withDeps } from './with-deps.ts';

const labels: Record<RetentionCategory, string> = {
  sessions: 'sessions ended',
  loginRequests: 'login requests expired',
  outbox: 'outbox rows delivered',
  webhookDeliveries: 'webhook deliveries delivered',
  webhookAttempts: 'webhook attempts',
  invitations: 'invitations closed (e-mail erased)',
  exceptionRequests: 'exception requests decided (requester data erased)',
  exceptionAttachments: 'exception attachments',
  attachmentFiles: 'attachment files',
};

/**
 * `btb retention apply [--dry-run]` (issue 8, docs/privacy.md "Retention"): meant for a daily
 * timer (cron, systemd). The periods come from the RETENTION_* settings; the audit log is never
 * pruned (see the docs for why).
 */
export function registerRetentionCommands(program: Command, loadConfig: () => Config): void {
  const retention = program
    .command('retention')
    .description('Remove personal data that has outlived its retention period');
  retention
    .command('apply')
    .description('Delete or erase what has outlived its period (RETENTION_* settings); the audit log is never touched')
    .option('--dry-run', 'count what would go, change nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      await withDeps(loadConfig, async (deps) => {
        const bar = progress(opts.dryRun ? 'retention (dry run)' : 'retention');
        const categories = Object.keys(labels).length;
        bar.total(categories);
        const result = await applyRetention(deps, {
          dryRun: opts.dryRun ?? false,
          by: `cli:${userInfo().username}`,
          onCategory: () => bar.tick(),
        });
        const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
        bar.done(`${total} ${opts.dryRun ? 'would go' : 'removed or erased'}`);
        const verb = result.dryRun ? 'would remove' : 'removed';
        for (const [category, label] of Object.entries(labels) as [RetentionCategory, string][]) {
          console.log(`${String(result.counts[category]).padStart(8)}  ${label} (${verb})`);
        }
        console.log(
          `cut-offs: sessions ${result.cutoffs.sessions}, outbox ${result.cutoffs.outbox}, webhooks ${result.cutoffs.webhooks}, ` +
            `invitations ${result.cutoffs.invitations}, exception requests ${result.cutoffs.exceptions}`,
        );
      });
    });
}
