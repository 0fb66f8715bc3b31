/**
 * Registered callers of the check API. An operator adds a client with a scope (domain or service
 * codes, or `*`); the client authenticates with OAuth 2.0 client credentials (POST /oauth/token,
 * then a short-lived opaque bearer token) or with HTTP Basic on every call.
 *
 * Secrets are 256 random bits, stored as their SHA-256. scrypt/argon2 exist to slow down
 * guessing of low-entropy human passwords; a 256-bit random secret cannot be guessed at any
 * speed, so a slow hash would only cost every Basic-authenticated check tens of milliseconds
 * and buy nothing. The same reasoning holds for access tokens.
 *
 * Adding and revoking a client is an audited change: the audit head moves, so every node's check
 * index reloads its client list before its next check (docs/consistency.md).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import { appendAudit } from '../infra/audit/audit-log.ts';
import type { Tx } from '../infra/db/database.ts';
import type { ApiClientTable } from '../infra/db/schema.ts';
import type { Deps } from './deps.ts';

export const TOKEN_PREFIX = 'btbat_';
export const TOKEN_TTL_SECONDS = 900;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Scope entries: `*`, a domain code, or a service code; checked against the catalogue. */
export function parseScope(deps: Deps, raw: string): string[] {
  const entries = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (entries.length === 0) throw new DomainError('validation.invalid_input', { field: 'scope', reason: 'empty' });
  for (const e of entries) {
    if (e !== '*' && !deps.catalogue.domain(e) && !deps.catalogue.service(e)) {
      throw new DomainError('catalogue.unknown_domain', {
        field: 'scope',
        value: e,
        reason: 'neither a domain nor a service code',
      });
    }
  }
  return entries.includes('*') ? ['*'] : entries.sort();
}

/** The change and its audit event commit together: the audit head is the nodes' change marker. */
async function audit(tx: Tx, deps: Deps, action: string, target: string, after?: unknown) {
  await appendAudit(tx, deps.db.engine, {
    at: deps.clock.now().toISOString(),
    actor: 'operator:cli',
    actorRole: 'operator',
    enterprise: null,
    action,
    target,
    after,
  });
}

export async function addApiClient(deps: Deps, input: { name: string; scope: string }) {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new DomainError('validation.invalid_input', { field: 'name' });
  const scope = parseScope(deps, input.scope);
  const id = `btbc_${randomBytes(12).toString('base64url')}`;
  const secret = randomBytes(32).toString('base64url');
  const now = deps.clock.now().toISOString();
  await deps.db.unitOfWork(async (tx) => {
    await tx
      .insertInto('api_client')
      .values({ id, name, scope: scope.join(','), secret_hash: sha256Hex(secret), created_at: now, revoked_at: null })
      .execute();
    await audit(tx, deps, 'api_client.added', id, { name, scope });
  });
  return { clientId: id, clientSecret: secret, name, scope };
}

export async function listApiClients(deps: Deps) {
  const rows = await deps.db.db.selectFrom('api_client').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({
    clientId: r.id,
    name: r.name,
    scope: r.scope.split(','),
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revoking ends the client, its tokens and its webhook subscriptions at once. */
export async function revokeApiClient(deps: Deps, input: { clientId: string }) {
  const now = deps.clock.now().toISOString();
  await deps.db.unitOfWork(async (tx) => {
    const r = await tx
      .updateTable('api_client')
      .set({ revoked_at: now })
      .where('id', '=', input.clientId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new DomainError('not_found', { client: input.clientId });
    await tx.deleteFrom('api_token').where('client_id', '=', input.clientId).execute();
    await tx
      .updateTable('webhook_subscription')
      .set({ revoked_at: now })
      .where('client_id', '=', input.clientId)
      .where('revoked_at', 'is', null)
      .execute();
    await audit(tx, deps, 'api_client.revoked', input.clientId);
  });
}

export async function addWebhook(deps: Deps, input: { clientId: string; url: string }) {
  let u: URL;
  try {
    u = new URL(input.url);
  } catch {
    throw new DomainError('validation.invalid_input', { field: 'url', reason: 'not a URL' });
  }
  const isLoopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && (isLoopback || deps.config.env !== 'production'))) {
    throw new DomainError('validation.invalid_input', { field: 'url', reason: 'webhooks go over https' });
  }
  // Standard Webhooks key format: whsec_ + base64 of the raw key.
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const id = randomUUID();
  await deps.db.unitOfWork(async (tx) => {
    const client = await clientIn(tx, deps, input.clientId);
    if (!client || client.revoked_at) throw new DomainError('not_found', { client: input.clientId });
    await tx
      .insertInto('webhook_subscription')
      .values({
        id,
        client_id: input.clientId,
        url: u.toString(),
        secret,
        created_at: deps.clock.now().toISOString(),
        revoked_at: null,
      })
      .execute();
    await audit(tx, deps, 'webhook.subscribed', id, { client: input.clientId, url: u.toString() });
  });
  return { subscriptionId: id, url: u.toString(), secret };
}

export function isSecretValid(client: Pick<ApiClientTable, 'secret_hash'>, secret: string): boolean {
  const a = Buffer.from(sha256Hex(secret), 'hex');
  const b = Buffer.from(client.secret_hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** OAuth 2.0 client credentials grant: an opaque token, stored hashed, valid TOKEN_TTL_SECONDS. */
export async function issueAccessToken(deps: Deps, input: { clientId: string; clientSecret: string }) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_SECONDS * 1000).toISOString();
  const client = await deps.db.unitOfWork(async (tx) => {
    const client = await clientIn(tx, deps, input.clientId);
    if (!client || client.revoked_at || !isSecretValid(client, input.clientSecret)) {
      // The reason is for the audit log (coalesced failures, docs/audit.md); the caller sees invalid_client.
      const reason = !client ? 'unknown_client' : client.revoked_at ? 'revoked' : 'bad_secret';
      throw new DomainError('authentication.invalid_client', { reason, ...(client ? { client: client.id } : {}) });
    }
    await tx
      .insertInto('api_token')
      .values({
        token_hash: sha256Hex(token),
        client_id: client.id,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    // Token issuance is credential use: audited (never the token), once per token, not per check call.
    await appendAudit(tx, deps.db.engine, {
      at: now.toISOString(),
      actor: `client:${client.id}`,
      actorRole: 'api_client',
      enterprise: null,
      action: 'security.client_token_issued',
      target: client.id,
      after: { expiresAt },
    });
    return client;
  });
  // Expired tokens are useless; sweeping them here keeps the table small without a job.
  await deps.db.db.deleteFrom('api_token').where('expires_at', '<', now.toISOString()).execute();
  return { accessToken: token, expiresIn: TOKEN_TTL_SECONDS, scope: client.scope };
}

/**
 * The client, read in the transaction that adds to it: on PostgreSQL with a share lock, which a
 * revocation (an UPDATE of the row) waits for and which waits for a revocation, so a token or a
 * webhook subscription is never added to a client revoked meanwhile (review 6, race 3).
 */
async function clientIn(tx: Tx, deps: Deps, id: string) {
  const query = tx.selectFrom('api_client').selectAll().where('id', '=', id);
  return (deps.db.engine === 'postgres' ? query.forShare() : query).executeTakeFirst();
}
