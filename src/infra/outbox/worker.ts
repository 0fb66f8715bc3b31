import type { Deps, Mailer } from '../../ports.ts';
import type { Names } from '../mail/mail-types.ts';
import { renderMail } from '../mail/templates.ts';
import type { MailPayload } from './outbox.ts';

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;

/** Exponential backoff: 10 s, 20 s, 40 s … capped at an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 10_000 * 2 ** Math.max(0, attempts - 1));
}

export function catalogueNames(deps: Deps): Names {
  return {
    service: (code, lang) => deps.catalogue.service(code)?.name[lang] ?? code,
    domain: (code, lang) => deps.catalogue.domain(code)?.name[lang] ?? code,
  };
}

/**
 * Sends the mails that are due. Each row is claimed first by moving its next attempt a lease
 * into the future with a conditional update: of several nodes, exactly one wins the row, so a
 * mail is sent once under normal operation. A crash between sending and marking can resend it
 * after the lease (at least once); the stable Message-ID lets a mail server drop that duplicate.
 */
export async function deliverPendingMails(
  deps: Deps,
  mailer: Mailer,
  opts: { batch?: number; extraTemplates?: Parameters<typeof renderMail>[4] } = {},
): Promise<{ sent: number; failed: number }> {
  const db = deps.db.db;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const due = await db
    .selectFrom('outbox')
    .select(['seq', 'id', 'payload', 'attempts', 'next_attempt_at'])
    .where('channel', '=', 'mail')
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<=', nowIso)
    .orderBy('seq')
    .limit(opts.batch ?? 50)
    .execute();
  const names = catalogueNames(deps);
  let sent = 0;
  let failed = 0;
  for (const row of due) {
    const claimed = await db
      .updateTable('outbox')
      .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('seq', '=', row.seq)
      .where('next_attempt_at', '=', row.next_attempt_at)
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    try {
      const p = JSON.parse(row.payload) as MailPayload;
      const r = renderMail(p.template, p.language, p.params, names, opts.extraTemplates);
      await mailer.send({ id: row.id, to: p.to, subject: r.subject, text: r.text });
      await db
        .updateTable('outbox')
        .set({ delivered_at: deps.clock.now().toISOString(), attempts: row.attempts + 1, last_error: null })
        .where('seq', '=', row.seq)
        .execute();
      sent++;
    } catch (e) {
      const attempts = row.attempts + 1;
      await db
        .updateTable('outbox')
        .set({
          attempts,
          next_attempt_at: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
          last_error: String((e as Error).message ?? e).slice(0, 500),
        })
        .where('seq', '=', row.seq)
        .execute();
      failed++;
    }
  }
  return { sent, failed };
}

export type OutboxTask = () => Promise<unknown>;

/**
 * Runs the outbox tasks (mails, reminders, and whatever else is registered, such as webhooks)
 * every `intervalMs`, one round at a time. Errors are logged and the loop goes on: a database
 * or SMTP outage delays messages, it never loses them.
 */
export function startWorker(
  tasks: OutboxTask[],
  opts: { intervalMs: number; onError?: (e: unknown) => void },
): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    for (const task of tasks) {
      if (stopped) return;
      try {
        await task();
      } catch (e) {
        opts.onError?.(e);
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(schedule);
    }, opts.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
