/**
 * The composition root: configuration is loaded once, dependencies are built once, and
 * everything else receives them as arguments.
 */
import pino from 'pino';
import type { Deps } from './app/deps.ts';
import { sendReminders } from './app/send-reminders.ts';
import { suspendOverdueAppointments } from './app/suspend-overdue-appointments.ts';
import { sweepLifetime } from './app/sweep-lifetime.ts';
import { defaultCataloguePath, loadCatalogue } from './domain/catalogue.ts';
import { buildApp, logRedactPaths, logSerializers } from './http/app.ts';
import { filesystemAttachmentStore } from './infra/attachments/attachment-store.ts';
import { type Anchorer, createAnchorer, fileSink, webhookSink, withAuditAnchoring } from './infra/audit/anchor.ts';
import { loadAuditSigner } from './infra/audit/audit-key.ts';
import type { Config } from './infra/config.ts';
import { summarizeConfig } from './infra/config-summary.ts';
import { openDatabase } from './infra/db/database.ts';
import { migrateToLatest } from './infra/db/migrate.ts';
import { createMailer } from './infra/mail/mailer.ts';
import { deliverPendingWebhooks } from './infra/outbox/webhook-delivery.ts';
import { deliverPendingMails, type OutboxTask, startWorker } from './infra/outbox/worker.ts';
import { dbRegisters } from './infra/registers/db-registers.ts';
import { systemClock } from './ports.ts';

/** The audit anchorer of this process: signed checkpoints to the anchor file (and webhook). */
export function createAuditAnchorer(config: Config, onError: (e: unknown) => void = () => {}): Anchorer {
  return createAnchorer({
    signer: loadAuditSigner(config),
    sink: fileSink(config.audit.anchorFile),
    remote: config.audit.anchorWebhook
      ? webhookSink(config.audit.anchorWebhook, { fetch: globalThis.fetch, onError })
      : undefined,
  });
}

export function createDeps(config: Config): Deps {
  // Every committed change is anchored outside the database before its unit of work returns.
  // A remote anchor copy that keeps failing is logged (it never fails a change).
  const onAnchorError = (e: unknown) => createLogger(config).warn({ err: e }, 'audit anchor webhook failed');
  const db = withAuditAnchoring(
    openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize }),
    createAuditAnchorer(config, onAnchorError),
  );
  return {
    config,
    db,
    catalogue: loadCatalogue(config.cataloguePath ?? defaultCataloguePath),
    clock: systemClock,
    registers: dbRegisters(),
    attachments: filesystemAttachmentStore(config.attachmentsDir),
  };
}

export function createLogger(config: Config) {
  return pino({
    level: config.logLevel,
    redact: { paths: logRedactPaths, censor: '[redacted]' },
    serializers: logSerializers,
  });
}

export async function migrate(deps: Deps, log: (line: string) => void = () => {}): Promise<void> {
  await migrateToLatest(deps.db.db, (name) => log(`applied migration ${name}`));
}

export interface Server {
  url: string;
  /** graceful: stop accepting, finish in-flight requests, flush the outbox once more, close the database */
  close(): Promise<void>;
}

export async function serve(deps: Deps): Promise<Server> {
  const logger = createLogger(deps.config);
  logger.info({ config: summarizeConfig(deps.config) }, 'configuration');
  const app = await buildApp(deps, { logger });
  const address = await app.listen({ port: deps.config.port, host: deps.config.host });
  const mailer = createMailer(deps.config);
  let lastReminders = 0;
  const deliver: OutboxTask[] = [
    () => deliverPendingMails(deps, mailer),
    () => deliverPendingWebhooks(deps, { fetch: globalThis.fetch }),
  ];
  const worker = startWorker(
    [
      ...deliver,
      async () => {
        // Reminders need no second-level precision: a sweep every five minutes is plenty.
        if (Date.now() - lastReminders < 300_000) return;
        lastReminders = Date.now();
        // grants unused, proposals and invitations past their time (issue 17), then the digests
        await sweepLifetime(deps);
        await sendReminders(deps);
        // register grace periods that ran out (issue 17): unconfirmed main/co-mains are suspended
        await suspendOverdueAppointments(deps);
      },
    ],
    { intervalMs: 1000, onError: (e) => logger.error({ err: e }, 'outbox round failed') },
  );
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Fastify stops accepting, closes idle connections and waits for requests in flight.
      await app.close();
      await worker.stop();
      // What the last requests committed goes out now rather than at the next start.
      for (const task of deliver) {
        await task().catch((e) => logger.error({ err: e }, 'final outbox round failed'));
      }
      await deps.db.close();
    })();
    return closing;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down: finishing requests in flight, flushing the outbox');
      close().then(
        () => {
          logger.info('shut down');
          process.exit(0);
        },
        (e) => {
          logger.error({ err: e }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return { close, url: address };
}
