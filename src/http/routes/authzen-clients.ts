/**
 * The check API's callers: registered API clients, by HTTP Basic (client id and secret) or a
 * bearer token from POST /oauth/token. Every call is authenticated here, counted per client,
 * endpoint and outcome, and a refused credential is audited.
 */
import type { FastifyRequest } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import type { CheckCtx } from '../../app/check-access.ts';
import { CONSISTENCY_HEADER, consistencyTokenOf } from '../../app/check-consistency.ts';
import type { CheckIndex, ClientRec } from '../../app/check-index.ts';
import type { Deps } from '../../app/deps.ts';
import { isSecretValid, sha256Hex, TOKEN_PREFIX } from '../../app/manage-api-clients.ts';
import { createFailureAudit } from '../../app/record-security-event.ts';
import { DomainError } from '../../domain/errors.ts';
import { pickLang } from '../problem-messages.ts';

export type Endpoint = 'evaluation' | 'evaluations' | 'search_subject' | 'search_resource' | 'search_action' | 'token';

/**
 * RFC 6749 §2.3.1 form-encodes Basic credentials. A malformed escape is a wrong credential, not a
 * server error: it decodes to a value no client id or secret can match.
 */
export function formDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

/**
 * The check routes authenticate registered API clients themselves (clientOf): the person-actor
 * resolvers (a bearer token of a person, a browser session cookie) have nothing to find there, so
 * they are not run (issue 20: a check pays only for what it uses).
 */
export const CLIENT_ROUTE = { btbActor: false } as const;

export type AsClient = <T>(
  request: FastifyRequest,
  endpoint: Endpoint,
  work: (ctx: CheckCtx) => Promise<T> | T,
  outcome: (r: T) => string,
) => Promise<T>;

export function clientCalls(deps: Deps, index: CheckIndex, registry: Registry) {
  const calls = new Counter({
    name: 'btb_authzen_requests_total',
    help: 'Check API calls by client, endpoint and outcome (permit, deny, error)',
    labelNames: ['client', 'endpoint', 'outcome'] as const,
    registers: [registry],
  });

  // One labelled child per (client, endpoint, outcome), found by a string key: prom-client would
  // otherwise hash the label object on every call.
  const counted = new Map<string, ReturnType<typeof calls.labels>>();
  const count = (client: string, endpoint: Endpoint, outcome: string) => {
    const k = `${client}\u0000${endpoint}\u0000${outcome}`;
    let c = counted.get(k);
    if (!c) {
      if (counted.size >= 10_000) counted.clear();
      c = calls.labels(client, endpoint, outcome);
      counted.set(k, c);
    }
    c.inc();
  };

  const basicSeen = new Map<string, { clientId: string; secretHash: string; until: number }>();

  /** Finds the client from Basic credentials or a bearer token; fresh after a read barrier. */
  // Wrong client credentials come from callers nobody has authenticated: coalesced (docs/audit.md).
  const failures = createFailureAudit(deps);
  const schemeOf = (request: FastifyRequest) => (request.headers.authorization ?? 'none').split(' ')[0]!.toLowerCase();

  async function clientOf(request: FastifyRequest): Promise<ClientRec> {
    const header = request.headers.authorization ?? '';
    const lower = header.slice(0, 7).toLowerCase();
    const nowMs = deps.clock.now().getTime();
    if (lower.startsWith('basic ')) {
      // Basic credentials already verified within the last minute skip the SHA-256 (issue 20); a
      // revoked client is gone from index.client() at its revocation, so the cache cannot outlive it.
      const known = basicSeen.get(header);
      if (known && known.until > nowMs) {
        const c = index.client(known.clientId);
        // a client whose secret changed since is verified again
        if (c && c.secretHash === known.secretHash) return c;
      }
      const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      const id = formDecode(decoded.slice(0, i));
      const secret = formDecode(decoded.slice(i + 1));
      let client = index.client(id);
      if (!client) {
        await index.begin(null); // a client added on another node a moment ago
        client = index.client(id);
      }
      if (i > 0 && client && isSecretValid({ secret_hash: client.secretHash }, secret)) {
        if (basicSeen.size >= 10_000) basicSeen.clear();
        basicSeen.set(header, { clientId: client.id, secretHash: client.secretHash, until: nowMs + 60_000 });
        return client;
      }
    } else if (lower === 'bearer ' && header.slice(7).trim().startsWith(TOKEN_PREFIX)) {
      const hash = sha256Hex(header.slice(7).trim());
      let client = await index.tokenClient(hash, nowMs);
      if (!client) {
        await index.begin(null);
        client = await index.tokenClient(hash, nowMs);
      }
      if (client) return client;
    }
    throw new DomainError('authentication.invalid_client', {
      hint: 'HTTP Basic with client id and secret, or a bearer token from POST /oauth/token',
    });
  }

  /**
   * Runs one call for a client, counting it. The client list is re-read after the call's read
   * barrier, so a client revoked on another node is refused by the first call after revocation.
   */
  const asClient: AsClient = async (request, endpoint, work, outcome) => {
    let client: ClientRec;
    try {
      client = await clientOf(request);
    } catch (e) {
      count('unauthenticated', endpoint, 'error');
      await failures.fail('security.client_credentials_refused', schemeOf(request), {
        actorRole: 'api_client',
        requestId: request.id,
      });
      throw e;
    }
    const reads = index.stats.markerReads;
    try {
      // A consistency token (issue 20): answer from a state at least as fresh as the write that gave it.
      const token = consistencyTokenOf(
        request.headers[CONSISTENCY_HEADER],
        (request.body as { context?: unknown } | undefined)?.context,
      );
      if (token !== undefined) await index.atLeast(token);
      const r = await work({ client, lang: pickLang(request.headers['accept-language']) });
      if (index.stats.markerReads === reads) await index.begin(null);
      if (!index.client(client.id)) throw new DomainError('authentication.invalid_client', { reason: 'revoked' });
      count(client.id, endpoint, outcome(r));
      return r;
    } catch (e) {
      count(client.id, endpoint, 'error');
      throw e;
    }
  };

  return { asClient, calls, failures };
}
