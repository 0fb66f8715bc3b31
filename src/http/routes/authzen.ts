/**
 * The check API, as the OpenID AuthZEN Authorization API 1.0 defines it: metadata, evaluation,
 * evaluations (with the three evaluation semantics), subject/resource/action search with the
 * spec's pagination. Callers are registered API clients: OAuth 2.0 client credentials
 * (POST /oauth/token, then a bearer token) or HTTP Basic with the client id and secret.
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyBaseLogger } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import { createChecker } from '../../app/check-deps.ts';
import type { CheckIndex } from '../../app/check-index.ts';
import type { Deps } from '../../app/deps.ts';
import type { GrantUseFlushError } from '../../app/grant-use-recorder.ts';
import { issueAccessToken } from '../../app/manage-api-clients.ts';
import { isDomainError } from '../../domain/errors.ts';
import { clientCalls, formDecode } from './authzen-clients.ts';
import { evaluationRoutes } from './authzen-evaluation.ts';
import { OAuthError } from './authzen-schemas.ts';
import { searchRoutes } from './authzen-search.ts';

export interface AuthzenOptions {
  registry: Registry;
  /** share one index with the caller (tests, the benchmark) */
  index?: CheckIndex;
}

export function authzenRoutes(deps: Deps, opts: AuthzenOptions): FastifyPluginAsyncTypebox {
  // a failed batch of last uses is logged (counts and the driver's error code, no person) and retried
  let log: FastifyBaseLogger | undefined;
  const check = createChecker(deps, opts.index, (e) =>
    log?.warn({ grants: e.grants, failure: e.failure }, 'grant use not written; kept for the next flush'),
  );
  const index = check.index;
  const { asClient, calls, failures } = clientCalls(deps, index, opts.registry);

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

    evaluationRoutes(app, deps, check, asClient);
    searchRoutes(app, check, asClient);
  };
}
