/**
 * Retention (issue 8, docs/privacy.md "Retention"): removes the personal data that has outlived
 * its use, each category after its own period (config.retention, in days):
 *
 * - sessions ended (expired or logged out) and login requests expired more than sessionDays ago;
 * - outbox rows delivered more than outboxDays ago (mails and events handed over);
 * - webhook deliveries delivered, and webhook attempts made, more than webhookDays ago;
 * - invitations closed (accepted, revoked or expired) more than invitationDays ago: the row stays
 *   as evidence of the grant it led to, the e-mail address is erased;
 * - exception requests decided (approved or rejected) more than exceptionDays ago: their
 *   documents are deleted (rows and files), the requester's identity and contact and the proposed
 *   manager's e-mail and phone are erased; the decision, the proposed person and the history stay.
 *
 * What is evidence of who could act when (appointments, grants, mandates) is never touched, nor
 * is the audit log: it is hash-chained, so deleting an event would break every later link. The
 * run itself is appended to it (counts only), so that a deletion is as accountable as a change.
 *
 * With `dryRun` every category is counted with the same conditions and nothing changes.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { appendAudit } from '../infra/audit/audit-log.ts';
import type { Database } from '../infra/db/schema.ts';
import type { AttachmentStore } from '../ports.ts';
import type { Deps } from './deps.ts';

export const retentionCategories = [
  'sessions',
  'loginRequests',
  'outbox',
  'webhookDeliveries',
  'webhookAttempts',
  'invitations',
  'exceptionRequests',
  'exceptionAttachments',
  'attachmentFiles',
] as const;
export type RetentionCategory = (typeof retentionCategories)[number];
export type RetentionCounts = Record<RetentionCategory, number>;

export interface RetentionResult {
  dryRun: boolean;
  /** the cut-off per period, ISO: what ended before it goes */
  cutoffs: { sessions: string; outbox: string; webhooks: string; invitations: string; exceptions: string };
  counts: RetentionCounts;
}

export interface RetentionOptions {
  dryRun?: boolean;
  /** who runs it, for the audit event (the CLI passes `cli:<server account>`) */
  by?: string;
  attachments?: AttachmentStore;
  /** called after each category with its count */
  onCategory?: (category: RetentionCategory, count: number) => void;
}

/** what is erased in place of an e-mail address, a phone number or the requester's identity */
export const ERASED = '';
const ERASED_JSON = '{"erased":true}';
const DAY_MS = 86_400_000;

/**
 * No actor check here: there is no API route to it. It runs from the server's command line only,
 * like `btb operator add`, and whoever can run that already holds the database.
 */
export async function applyRetention(deps: Deps, opts: RetentionOptions = {}): Promise<RetentionResult> {
  const dryRun = opts.dryRun ?? false;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const r = deps.config.retention;
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const cutoffs = {
    sessions: before(r.sessionDays),
    outbox: before(r.outboxDays),
    webhooks: before(r.webhookDays),
    invitations: before(r.invitationDays),
    exceptions: before(r.exceptionDays),
  };
  const counts = Object.fromEntries(retentionCategories.map((c) => [c, 0])) as RetentionCounts;
  const done = (c: RetentionCategory, n: number) => {
    counts[c] = n;
    opts.onCategory?.(c, n);
  };
  const db = deps.db.db;

  // Each condition is written once and used both to count (dry run) and to change.
  const sessionGone = (eb: ExpressionBuilder<Database, 'session'>) =>
    eb.or([eb('expires_at', '<', cutoffs.sessions), eb('revoked_at', '<', cutoffs.sessions)]);
  const outboxGone = (eb: ExpressionBuilder<Database, 'outbox'>) => eb('delivered_at', '<', cutoffs.outbox);
  const deliveryGone = (eb: ExpressionBuilder<Database, 'webhook_delivery'>) =>
    eb('delivered_at', '<', cutoffs.webhooks);
  const attemptGone = (eb: ExpressionBuilder<Database, 'webhook_attempt'>) =>
    eb.or([
      eb('at', '<', cutoffs.webhooks),
      eb('delivery_id', 'in', eb.selectFrom('webhook_delivery').select('id').where(deliveryGone)),
    ]);
  const invitationGone = (eb: ExpressionBuilder<Database, 'invitation'>): Expression<SqlBool> =>
    eb.and([
      eb('email', '!=', ERASED),
      eb.or([
        eb('accepted_at', '<', cutoffs.invitations),
        eb('revoked_at', '<', cutoffs.invitations),
        eb.and([
          eb('accepted_at', 'is', null),
          eb('revoked_at', 'is', null),
          eb('expires_at', '<', cutoffs.invitations),
        ]),
      ]),
    ]);
  const requestClosed = (eb: ExpressionBuilder<Database, 'exception_request'>) =>
    eb.and([eb('status', 'in', ['approved', 'rejected']), eb('decided_at', '<', cutoffs.exceptions)]);
  const requestToErase = (eb: ExpressionBuilder<Database, 'exception_request'>) =>
    eb.and([requestClosed(eb), eb('requester_json', '!=', ERASED_JSON)]);
  const closedRequestIds = db.selectFrom('exception_request').select('id').where(requestClosed);

  const n = (rows: { n: number | string | bigint }[]) => Number(rows[0]?.n ?? 0);
  const countRows = sql<number>`count(*)`.as('n');

  // Sessions and login requests.
  if (dryRun) {
    done('sessions', n(await db.selectFrom('session').select(countRows).where(sessionGone).execute()));
    done(
      'loginRequests',
      n(await db.selectFrom('login_request').select(countRows).where('expires_at', '<', cutoffs.sessions).execute()),
    );
  } else {
    done('sessions', Number((await db.deleteFrom('session').where(sessionGone).executeTakeFirst()).numDeletedRows));
    done(
      'loginRequests',
      Number(
        (await db.deleteFrom('login_request').where('expires_at', '<', cutoffs.sessions).executeTakeFirst())
          .numDeletedRows,
      ),
    );
  }

  // Outbox rows delivered long ago. Undelivered rows stay, however old: they are still work.
  if (dryRun) done('outbox', n(await db.selectFrom('outbox').select(countRows).where(outboxGone).execute()));
  else done('outbox', Number((await db.deleteFrom('outbox').where(outboxGone).executeTakeFirst()).numDeletedRows));

  // Webhook attempts first (they point at deliveries), then the deliveries.
  if (dryRun) {
    done('webhookAttempts', n(await db.selectFrom('webhook_attempt').select(countRows).where(attemptGone).execute()));
    done(
      'webhookDeliveries',
      n(await db.selectFrom('webhook_delivery').select(countRows).where(deliveryGone).execute()),
    );
  } else {
    await deps.db.unitOfWork(async (tx) => {
      done(
        'webhookAttempts',
        Number((await tx.deleteFrom('webhook_attempt').where(attemptGone).executeTakeFirst()).numDeletedRows),
      );
      done(
        'webhookDeliveries',
        Number((await tx.deleteFrom('webhook_delivery').where(deliveryGone).executeTakeFirst()).numDeletedRows),
      );
    });
  }

  // Invitations: the row is the evidence of how a grant came about; the address is not needed for that.
  if (dryRun)
    done('invitations', n(await db.selectFrom('invitation').select(countRows).where(invitationGone).execute()));
  else
    done(
      'invitations',
      Number(
        (await db.updateTable('invitation').set({ email: ERASED }).where(invitationGone).executeTakeFirst())
          .numUpdatedRows,
      ),
    );

  // Exception documents. Files are content-addressed and shared between identical uploads: a file
  // goes only when no attachment of a younger or open request still names it. Files are deleted
  // before their rows, so that an interrupted run leaves rows the next run finishes, never files
  // nothing points at any more.
  const expiring = await db
    .selectFrom('exception_attachment')
    .select(['id', 'sha256'])
    .where('request_id', 'in', closedRequestIds)
    .execute();
  const expiringIds = new Set(expiring.map((a) => a.id));
  const shas = [...new Set(expiring.map((a) => a.sha256))];
  const stillNamed = new Set<string>();
  for (let i = 0; i < shas.length; i += 500) {
    const rows = await db
      .selectFrom('exception_attachment')
      .select(['id', 'sha256'])
      .where('sha256', 'in', shas.slice(i, i + 500))
      .execute();
    for (const row of rows) if (!expiringIds.has(row.id)) stillNamed.add(row.sha256);
    // the same file may be a foreign enterprise's evidence (issue 19), kept as long as it is registered
    const evidence = await db
      .selectFrom('foreign_enterprise_attachment')
      .select('sha256')
      .where('sha256', 'in', shas.slice(i, i + 500))
      .execute();
    for (const row of evidence) stillNamed.add(row.sha256);
  }
  const filesToGo = shas.filter((s) => !stillNamed.has(s));
  if (dryRun) {
    done('attachmentFiles', filesToGo.length);
    done('exceptionAttachments', expiring.length);
    done(
      'exceptionRequests',
      n(await db.selectFrom('exception_request').select(countRows).where(requestToErase).execute()),
    );
  } else {
    const store = opts.attachments ?? deps.attachments;
    let files = 0;
    for (const sha of filesToGo) if (await store.remove(sha)) files++;
    done('attachmentFiles', files);
    await deps.db.unitOfWork(async (tx) => {
      let removed = 0;
      const ids = [...expiringIds];
      for (let i = 0; i < ids.length; i += 500) {
        const res = await tx
          .deleteFrom('exception_attachment')
          .where('id', 'in', ids.slice(i, i + 500))
          .executeTakeFirst();
        removed += Number(res.numDeletedRows);
      }
      done('exceptionAttachments', removed);
      const erased = await tx
        .updateTable('exception_request')
        .set({
          requester_json: ERASED_JSON,
          requester_email: ERASED,
          proposed_email: ERASED,
          proposed_phone: ERASED,
          follow_code_hash: null,
          follow_code_expires_at: null,
        })
        .where(requestToErase)
        .executeTakeFirst();
      done('exceptionRequests', Number(erased.numUpdatedRows));
      // A follow-up link of a closed request has nothing left to show.
      await tx.deleteFrom('exception_follow_token').where('request_id', 'in', closedRequestIds).execute();
    });
  }

  if (!dryRun && Object.values(counts).some((c) => c > 0)) {
    await deps.db.unitOfWork((tx) =>
      appendAudit(tx, deps.db.engine, {
        at: nowIso,
        actor: opts.by ?? 'cli',
        actorRole: 'administrator',
        enterprise: null,
        action: 'retention.applied',
        target: null,
        after: { counts, cutoffs },
      }),
    );
  }
  return { dryRun, cutoffs, counts };
}
