import type { Tx } from '../db/database.ts';

export interface MailPayload {
  kind: 'mail';
  to: string;
  language: string;
  template: string;
  params: Record<string, unknown>;
}

/**
 * Who may receive an event that names no domain of its own (issue 13, finding 7): every
 * subscriber (`all`), or those whose scope meets one of `items` (`service` '' for a whole domain).
 * Kept beside the event, never sent.
 */
export interface EventAudience {
  all: boolean;
  items: { domain: string; service: string }[];
}

export interface EventPayload {
  kind: 'event';
  type: string;
  enterprise: string;
  data: Record<string, unknown>;
  audience?: EventAudience;
}

/**
 * Writes a message to the outbox inside the caller's transaction: it exists if and only if the
 * change it reports was committed. `id` is unique, so enqueueing the same message twice (a
 * reminder job run twice) keeps one.
 */
export async function enqueue(
  tx: Tx,
  msg: { id: string; at: string; enterprise: string | null; payload: MailPayload | EventPayload },
): Promise<void> {
  await tx
    .insertInto('outbox')
    .values({
      id: msg.id,
      channel: msg.payload.kind === 'mail' ? 'mail' : 'webhook',
      enterprise_number: msg.enterprise,
      payload: JSON.stringify(msg.payload),
      created_at: msg.at,
      attempts: 0,
      next_attempt_at: msg.at,
      delivered_at: null,
      last_error: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
