/**
 * The check API, as the OpenID AuthZEN Authorization API 1.0 defines it: metadata, evaluation,
 * evaluations (with the three evaluation semantics), subject/resource/action search with the
 * spec's pagination. Callers are registered API clients: OAuth 2.0 client credentials
 * (POST /oauth/token, then a bearer token) or HTTP Basic with the client id and secret.
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  type CheckCtx,
  type CheckDeps,
  type CheckResult,
  checkAccess,
  type EvaluationInput,
} from '../../app/check-access.ts';
import { CONSISTENCY_HEADER, consistencyTokenOf } from '../../app/check-consistency.ts';
import { createChecker } from '../../app/check-deps.ts';
import type { CheckIndex, ClientRec } from '../../app/check-index.ts';
import type { Deps } from '../../app/deps.ts';
import type { GrantUseFlushError } from '../../app/grant-use-recorder.ts';
import { isSecretValid, issueAccessToken, sha256Hex, TOKEN_PREFIX } from '../../app/manage-api-clients.ts';
import { createFailureAudit } from '../../app/record-security-event.ts';
import { searchActions } from '../../app/search-actions.ts';
import { searchResources } from '../../app/search-resources.ts';
import { searchSubjects } from '../../app/search-subjects.ts';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import { parseEnterpriseId } from '../../domain/foreign-enterprise.ts';
import { pickLang } from '../problem-messages.ts';
import { withProblems } from '../schemas.ts';

const Props = Type.Optional(Type.Record(Type.String(), Type.Unknown()));
const Subject = Type.Object({
  type: Type.String({ minLength: 1 }),
  id: Type.Optional(Type.String()),
  properties: Props,
});
const Resource = Type.Object({
  type: Type.String({ minLength: 1 }),
  id: Type.Optional(Type.String()),
  properties: Props,
});
const Action = Type.Object({ name: Type.String({ minLength: 1 }), properties: Props });
const Ctx = Type.Optional(Type.Record(Type.String(), Type.Unknown()));

const EvaluationRequest = Type.Object({ subject: Subject, resource: Resource, action: Action, context: Ctx });
const ChainLink = Type.Object({
  kind: Type.String(),
  role: Type.String(),
  person: Type.Union([Type.String(), Type.Null()]),
  domain: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  procedure: Type.Optional(Type.String()),
  since: Type.Optional(Type.String()),
  validUntil: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  endedAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  enterprise: Type.Optional(Type.String({ description: 'through a mandate: the enterprise this link holds at' })),
  mandate: Type.Optional(Type.String()),
  mandator: Type.Optional(Type.String()),
  mandatary: Type.Optional(Type.String()),
  capacity: Type.Optional(
    Type.String({ description: "a mandate link: the mandator's capacity it is given for (issue 19)" }),
  ),
  onRequestOf: Type.Optional(Type.String({ description: 'granted or appointed on request of this person (issue 18)' })),
  accessRequest: Type.Optional(Type.String({ description: 'the access request it answered' })),
  establishments: Type.Optional(
    Type.Array(Type.String(), { description: 'the grant is limited to these establishment units (issue 19)' }),
  ),
  system: Type.Optional(Type.String({ description: "a system user's grant (kind system_user): the system" })),
  systemName: Type.Optional(Type.String()),
  vendor: Type.Optional(Type.String({ description: "the system's vendor enterprise" })),
  systemUser: Type.Optional(Type.String()),
  clientId: Type.Optional(Type.String({ description: 'the client id the check was asked for' })),
});
const DecisionContext = Type.Object({
  reason: Type.Optional(Type.String({ description: 'machine-readable reason code when the decision is false' })),
  reason_user: Type.String({ description: 'for the person, in the language of Accept-Language' }),
  reason_admin: Type.String({ description: 'for the service operator, in English' }),
  chain: Type.Array(ChainLink, { description: 'grant → access manager → main → legal representative, when true' }),
  capacities: Type.Optional(
    Type.Array(Type.String(), {
      description: 'issue 19: the Social Security capacities the service needs and the enterprise holds, when true',
    }),
  ),
});
const EvaluationResponse = Type.Object({ decision: Type.Boolean(), context: DecisionContext });

const Semantic = Type.Union([
  Type.Literal('execute_all'),
  Type.Literal('deny_on_first_deny'),
  Type.Literal('permit_on_first_permit'),
]);
const EvaluationsRequest = Type.Object({
  subject: Type.Optional(Subject),
  resource: Type.Optional(Resource),
  action: Type.Optional(Action),
  context: Ctx,
  evaluations: Type.Optional(
    Type.Array(
      Type.Object({
        subject: Type.Optional(Subject),
        resource: Type.Optional(Resource),
        action: Type.Optional(Action),
        context: Ctx,
      }),
      { maxItems: 1000 },
    ),
  ),
  options: Type.Optional(
    Type.Object({ evaluations_semantic: Type.Optional(Semantic) }, { additionalProperties: true }),
  ),
});
const EvaluationsResponse = Type.Object({
  decision: Type.Optional(Type.Boolean()),
  context: Type.Optional(DecisionContext),
  evaluations: Type.Optional(Type.Array(EvaluationResponse)),
});

const PageRequest = Type.Optional(
  Type.Object({
    token: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  }),
);
const PageResponse = Type.Object({ next_token: Type.String(), count: Type.Integer(), total: Type.Integer() });
const SearchSubjectRequest = Type.Object({
  subject: Type.Object({ type: Type.String(), id: Type.Optional(Type.String()) }),
  resource: Resource,
  action: Action,
  context: Ctx,
  page: PageRequest,
});
const SearchResourceRequest = Type.Object({
  subject: Subject,
  resource: Type.Object({ type: Type.String(), id: Type.Optional(Type.String()), properties: Props }),
  action: Action,
  context: Ctx,
  page: PageRequest,
});
const SearchActionRequest = Type.Object({ subject: Subject, resource: Resource, context: Ctx, page: PageRequest });
const SearchResourceResult = Type.Object({
  type: Type.String(),
  id: Type.String(),
  properties: Type.Object({ enterprise: Type.String(), roles: Type.Optional(Type.Array(Type.String())) }),
});

const OAuthError = Type.Object({ error: Type.String(), error_description: Type.Optional(Type.String()) });

export interface AuthzenOptions {
  registry: Registry;
  /** share one index with the caller (tests, the benchmark) */
  index?: CheckIndex;
}

/**
 * RFC 6749 §2.3.1 form-encodes Basic credentials. A malformed escape is a wrong credential, not a
 * server error: it decodes to a value no client id or secret can match.
 */
function formDecode(s: string): string {
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
const CLIENT_ROUTE = { btbActor: false } as const;

type Endpoint = 'evaluation' | 'evaluations' | 'search_subject' | 'search_resource' | 'search_action' | 'token';

export function authzenRoutes(deps: Deps, opts: AuthzenOptions): FastifyPluginAsyncTypebox {
  // a failed batch of last uses is logged (counts and the driver's error code, no person) and retried
  let log: FastifyBaseLogger | undefined;
  const check = createChecker(deps, opts.index, (e) =>
    log?.warn({ grants: e.grants, failure: e.failure }, 'grant use not written; kept for the next flush'),
  );
  const index = check.index;
  const calls = new Counter({
    name: 'btb_authzen_requests_total',
    help: 'Check API calls by client, endpoint and outcome (permit, deny, error)',
    labelNames: ['client', 'endpoint', 'outcome'] as const,
    registers: [opts.registry],
  });

  // Issue 20: how often checks read the database, and on PostgreSQL whether the change feed
  // listens (a check then reads nothing while nothing changed) and the last seq it was told of.
  new Gauge({
    name: 'btb_check_database_reads',
    help: 'Checks (and tokens) that read the audit head and status from the database, since start',
    registers: [opts.registry],
    collect() {
      this.set(index.stats.fullBarriers);
    },
  });
  const feed = deps.db.changeFeed?.();
  if (feed) {
    new Gauge({
      name: 'btb_change_feed',
      help: 'PostgreSQL change feed: listening (1/0), last notified audit seq, connects, drops, backend pid',
      labelNames: ['measure'] as const,
      registers: [opts.registry],
      collect() {
        this.set({ measure: 'listening' }, feed.stats.listening ? 1 : 0);
        this.set({ measure: 'seq' }, feed.stats.lastSeq);
        this.set({ measure: 'connects' }, feed.stats.connects);
        this.set({ measure: 'drops' }, feed.stats.drops);
        this.set({ measure: 'backend_pid' }, feed.stats.pid);
      },
    });
  }

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
  async function asClient<T>(
    request: FastifyRequest,
    endpoint: Endpoint,
    work: (ctx: CheckCtx) => Promise<T> | T,
    outcome: (r: T) => string,
  ): Promise<T> {
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
  }

  const decisionOutcome = (r: CheckResult) => (r.decision ? 'permit' : 'deny');
  const searchOutcome = () => 'search';

  return async (app) => {
    log = app.log;
    // the grants seen used since the last batch are written before the database closes (issue 17)
    app.addHook('onClose', async () => {
      await check.usage
        .stop()
        .catch((e: GrantUseFlushError) =>
          app.log.warn({ grants: e.grants, failure: e.failure }, 'grant use not written at shutdown'),
        );
    });
    // The index fills in the background (issue 20): the server answers at once, on demand, and
    // stops reading tables for checks once every grant is in memory.
    if (!opts.index) {
      index
        .preload()
        .then((r) => app.log.info(r, 'check index preloaded'))
        .catch((e: unknown) => app.log.warn({ err: e }, 'check index preload stopped; checks load on demand'));
      app.addHook('onClose', async () => index.stop());
    }
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
      app.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 8192 },
        (_req, body, done) => {
          done(null, Object.fromEntries(new URLSearchParams(String(body))));
        },
      );
    }

    app.get(
      '/.well-known/authzen-configuration',
      {
        schema: {
          tags: ['check'],
          summary: 'AuthZEN policy decision point metadata',
          response: {
            200: Type.Object({
              policy_decision_point: Type.String(),
              access_evaluation_endpoint: Type.String(),
              access_evaluations_endpoint: Type.String(),
              search_subject_endpoint: Type.String(),
              search_resource_endpoint: Type.String(),
              search_action_endpoint: Type.String(),
              token_endpoint: Type.String(),
            }),
          },
        },
      },
      async () => {
        const base = deps.config.publicUrl;
        return {
          policy_decision_point: base,
          access_evaluation_endpoint: `${base}/access/v1/evaluation`,
          access_evaluations_endpoint: `${base}/access/v1/evaluations`,
          search_subject_endpoint: `${base}/access/v1/search/subject`,
          search_resource_endpoint: `${base}/access/v1/search/resource`,
          search_action_endpoint: `${base}/access/v1/search/action`,
          token_endpoint: `${base}/oauth/token`,
        };
      },
    );

    app.post(
      '/oauth/token',
      {
        schema: {
          tags: ['check'],
          summary: 'OAuth 2.0 client credentials grant: a bearer token for the check API',
          body: Type.Object(
            {
              grant_type: Type.String(),
              client_id: Type.Optional(Type.String()),
              client_secret: Type.Optional(Type.String()),
              scope: Type.Optional(Type.String()),
            },
            { additionalProperties: true },
          ),
          response: {
            200: Type.Object({
              access_token: Type.String(),
              token_type: Type.Literal('Bearer'),
              expires_in: Type.Integer(),
              scope: Type.String(),
            }),
            400: OAuthError,
            401: OAuthError,
          },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        if (request.body.grant_type !== 'client_credentials') {
          return reply
            .code(400)
            .send({ error: 'unsupported_grant_type', error_description: 'only client_credentials' });
        }
        // RFC 6749 §2.3.1: HTTP Basic is the one every server must support; the body form too.
        let id = request.body.client_id;
        let secret = request.body.client_secret;
        const header = request.headers.authorization ?? '';
        if (header.toLowerCase().startsWith('basic ')) {
          const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
          const i = decoded.indexOf(':');
          id = formDecode(decoded.slice(0, i));
          secret = formDecode(decoded.slice(i + 1));
        }
        try {
          const t = await issueAccessToken(deps, { clientId: id ?? '', clientSecret: secret ?? '' });
          calls.inc({ client: id ?? '', endpoint: 'token', outcome: 'issued' });
          return {
            access_token: t.accessToken,
            token_type: 'Bearer' as const,
            expires_in: t.expiresIn,
            scope: t.scope.split(',').join(' '),
          };
        } catch (e) {
          if (!isDomainError(e) || e.code !== 'authentication.invalid_client') throw e;
          calls.inc({ client: 'unauthenticated', endpoint: 'token', outcome: 'error' });
          const known = typeof e.details.client === 'string' ? e.details.client : null;
          await failures.fail('security.client_credentials_refused', e.details.reason, {
            target: known,
            actorRole: 'api_client',
            requestId: request.id,
          });
          return reply.code(401).header('www-authenticate', 'Basic realm="btb"').send({ error: 'invalid_client' });
        }
      },
    );

    app.post(
      '/access/v1/evaluation',
      {
        config: CLIENT_ROUTE,
        schema: {
          tags: ['check'],
          summary: 'May this person use this service / manage this domain for this enterprise now?',
          body: EvaluationRequest,
          response: withProblems({ 200: EvaluationResponse }),
        },
      },
      async (request) =>
        asClient(
          request,
          'evaluation',
          (ctx) => checkAccess(check, ctx, request.body as EvaluationInput),
          decisionOutcome,
        ),
    );

    app.post(
      '/access/v1/evaluations',
      {
        config: CLIENT_ROUTE,
        schema: {
          tags: ['check'],
          summary: 'Several evaluations in one call, with the AuthZEN evaluation semantics',
          body: EvaluationsRequest,
          response: withProblems({ 200: EvaluationsResponse }),
        },
      },
      async (request) =>
        asClient(
          request,
          'evaluations',
          (ctx) => evaluateMany(check, ctx, request.body, deps.db.engine === 'postgres'),
          (r) => ('evaluations' in r ? 'batch' : r.decision ? 'permit' : 'deny'),
        ),
    );

    app.post(
      '/access/v1/search/subject',
      {
        config: CLIENT_ROUTE,
        schema: {
          tags: ['check'],
          summary: 'Who may use this service, or manage this domain, for this enterprise?',
          body: SearchSubjectRequest,
          response: withProblems({
            200: Type.Object({
              results: Type.Array(
                Type.Object({
                  type: Type.String(),
                  id: Type.String(),
                  properties: Type.Optional(
                    Type.Object({
                      mandates: Type.Array(
                        Type.Object({
                          mandate: Type.String(),
                          mandatary: Type.String({ description: 'the enterprise number of the holder' }),
                        }),
                        {
                          description:
                            "a system only: the mandates under which a holder (e.g. an accountant's office) let it act for the enterprise",
                        },
                      ),
                    }),
                  ),
                }),
              ),
              page: PageResponse,
            }),
          }),
        },
      },
      async (request) =>
        asClient(request, 'search_subject', (ctx) => searchSubjects(check, ctx, request.body), searchOutcome),
    );

    app.post(
      '/access/v1/search/resource',
      {
        config: CLIENT_ROUTE,
        schema: {
          tags: ['check'],
          summary: 'For which enterprises and services may this person act?',
          body: SearchResourceRequest,
          response: withProblems({
            200: Type.Object({ results: Type.Array(SearchResourceResult), page: PageResponse }),
          }),
        },
      },
      async (request) =>
        asClient(request, 'search_resource', (ctx) => searchResources(check, ctx, request.body), searchOutcome),
    );

    app.post(
      '/access/v1/search/action',
      {
        config: CLIENT_ROUTE,
        schema: {
          tags: ['check'],
          summary: 'Which actions may this person take on this resource?',
          body: SearchActionRequest,
          response: withProblems({
            200: Type.Object({ results: Type.Array(Type.Object({ name: Type.String() })), page: PageResponse }),
          }),
        },
      },
      async (request) =>
        asClient(request, 'search_action', (ctx) => searchActions(check, ctx, request.body), searchOutcome),
    );
  };
}

type EvaluationsBody = Static<typeof EvaluationsRequest>;

/**
 * The index as one batch sees it (issue 20), on PostgreSQL: one read barrier for the whole call,
 * and the register status of every enterprise the items name read in one statement, instead of a
 * barrier per item (a database round trip each). Every item is answered from the state committed
 * before the call began, as a single evaluation is; an enterprise not among those read (none
 * should be) takes the ordinary per-check barrier. On SQLite the per-check barrier is a local
 * statement that reads no table, with the statuses cached until the next commit: measured, one
 * status statement for 100 numbers costs more than 100 barriers, so SQLite keeps them.
 */
async function batchChecker(check: CheckDeps, inputs: EvaluationInput[]): Promise<CheckDeps> {
  const index = check.index;
  const wanted = new Set<string>();
  for (const x of inputs) {
    const raw = x.resource.properties?.enterprise;
    const e = typeof raw === 'string' ? parseEnterpriseId(raw) : undefined;
    if (e?.ok) wanted.add(e.value);
  }
  await index.begin(null);
  if (wanted.size === 0) return check;
  const statuses = await index.store.statuses([...wanted]);
  const begin = (e: string | null) => (e === null ? null : wanted.has(e) ? (statuses.get(e) ?? null) : index.begin(e));
  const bound = new Map<PropertyKey, unknown>();
  const view = new Proxy(index, {
    get(target, prop) {
      if (prop === 'begin') return begin;
      const v = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      let f = bound.get(prop);
      if (!f) {
        f = v.bind(target);
        bound.set(prop, f);
      }
      return f;
    },
  });
  return { ...check, index: view };
}

/**
 * Defaults from the top level, overridden per item; short-circuits as the semantic asks. With
 * `execute_all` the items run side by side (on PostgreSQL their reads overlap); a short-circuit
 * semantic runs them in order and stops at the first deny or permit.
 */
async function evaluateMany(check: CheckDeps, ctx: CheckCtx, body: EvaluationsBody, roundTrips: boolean) {
  const items = body.evaluations ?? [];
  const complete = (item: Partial<EvaluationInput>): EvaluationInput | undefined => {
    const subject = item.subject ?? body.subject;
    const resource = item.resource ?? body.resource;
    const action = item.action ?? body.action;
    return subject && resource && action
      ? { subject, resource, action, context: item.context ?? body.context }
      : undefined;
  };
  if (items.length === 0) {
    const single = complete({});
    if (!single)
      throw new DomainError('validation.invalid_input', {
        field: 'evaluations',
        reason: 'give evaluations, or subject, resource and action',
      });
    return await checkAccess(check, ctx, single);
  }
  const inputs = items.map((item) => {
    const input = complete(item);
    if (!input)
      throw new DomainError('validation.invalid_input', {
        field: 'evaluations',
        reason: 'each evaluation needs a subject, resource and action, given or by default',
      });
    return input;
  });
  const view = roundTrips ? await batchChecker(check, inputs) : check;
  const semantic = body.options?.evaluations_semantic ?? 'execute_all';
  if (semantic === 'execute_all') {
    const out = inputs.map((input) => checkAccess(view, ctx, input));
    // most answers are synchronous: await only when some are not
    return { evaluations: out.some((r) => r instanceof Promise) ? await Promise.all(out) : (out as CheckResult[]) };
  }
  const out: CheckResult[] = [];
  for (const input of inputs) {
    const v = checkAccess(view, ctx, input);
    const r = v instanceof Promise ? await v : v;
    out.push(r);
    if ((semantic === 'deny_on_first_deny' && !r.decision) || (semantic === 'permit_on_first_permit' && r.decision))
      break;
  }
  return { evaluations: out };
}
