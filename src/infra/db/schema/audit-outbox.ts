/**
 * The audit chain and the transactional outbox with the webhook deliveries it feeds.
 * Timestamps and dates are ISO-8601 strings (see ../schema.ts).
 */
import type { Generated } from 'kysely';

export interface AuditEventTable {
  seq: number;
  id: string;
  at: string;
  actor: string | null;
  actor_role: string | null;
  enterprise_number: string | null;
  action: string;
  target: string | null;
  before_json: string | null;
  after_json: string | null;
  procedure: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface OutboxTable {
  seq: Generated<number>;
  id: string;
  channel: 'mail' | 'webhook';
  enterprise_number: string | null;
  payload: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
}

export interface WebhookSubscriptionTable {
  id: string;
  client_id: string;
  url: string;
  secret: string;
  created_at: string;
  revoked_at: string | null;
}

export interface WebhookDeliveryTable {
  id: string;
  subscription_id: string;
  outbox_seq: number;
  event_type: string;
  enterprise_number: string | null;
  body: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_status: number | null;
  last_error: string | null;
  /** set when BTB_WEBHOOK_MAX_ATTEMPTS attempts failed: no more retries until `btb webhooks replay` */
  dead_at: string | null;
}

export interface WebhookAttemptTable {
  seq: Generated<number>;
  delivery_id: string;
  at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

/** The tables of this area, by name: `Database` (../schema.ts) extends it. */
export interface AuditOutboxTables {
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  outbox: OutboxTable;
  webhook_subscription: WebhookSubscriptionTable;
  webhook_delivery: WebhookDeliveryTable;
  webhook_attempt: WebhookAttemptTable;
}
