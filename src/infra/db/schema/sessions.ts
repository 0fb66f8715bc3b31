/**
 * The HTTP edge's state: login sessions and requests, API clients and their tokens, Idempotency-Key answers.
 * Timestamps and dates are ISO-8601 strings (see ../schema.ts).
 */

export interface SessionTable {
  id: string;
  token_hash: string;
  person_number: string | null;
  foreign_id: string | null;
  subject: string;
  issuer: string;
  loa: string;
  means: string;
  family_name: string | null;
  given_name: string | null;
  email: string | null;
  /** 1 when the identity provider said it verified `email` (email_verified), else 0 */
  email_verified?: number;
  locale: string | null;
  user_agent: string | null;
  id_token: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface LoginRequestTable {
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  loa: string | null;
  created_at: string;
  expires_at: string;
}

export interface ApiClientTable {
  id: string;
  name: string;
  /** comma-separated domain or service codes, or `*` */
  scope: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ApiTokenTable {
  token_hash: string;
  client_id: string;
  created_at: string;
  expires_at: string;
}

/** Idempotency-Key answers shared by every node (src/http/idempotency.ts). */
export interface IdempotencyKeyTable {
  key: string;
  state: 'running' | 'done';
  /** milliseconds since the epoch (bigint: read back as a number, src/infra/db/database.ts) */
  created_ms: number;
  status: number | null;
  content_type: string | null;
  body: string | null;
  body_base64: number;
}

/** The tables of this area, by name: `Database` (../schema.ts) extends it. */
export interface SessionTables {
  session: SessionTable;
  login_request: LoginRequestTable;
  api_client: ApiClientTable;
  api_token: ApiTokenTable;
  idempotency_key: IdempotencyKeyTable;
}
