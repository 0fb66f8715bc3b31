/**
 * The exception procedure over HTTP. Public side (no login): the proof-of-work challenge, the
 * request with its documents, the form PDF, and the follow-up by reference and one-time code.
 * Service desk side: see exception-desk.ts. Multipart and rate limits are registered in this
 * plugin's scope only, so the rest of the API keeps its JSON-only body limit.
 */
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../app/deps.ts';
import { answerExceptionRequest } from '../../app/exception/answer-exception-request.ts';
import { followExceptionRequest } from '../../app/exception/follow-exception-request.ts';
import { getOwnExceptionRequest } from '../../app/exception/get-own-exception-request.ts';
import { issueChallenge } from '../../app/exception/issue-challenge.ts';
import { sendFollowCode } from '../../app/exception/send-follow-code.ts';
import { requestByToken } from '../../app/exception/shared.ts';
import { submitExceptionRequest } from '../../app/exception/submit-exception-request.ts';
import { DomainError } from '../../domain/errors.ts';
import { parseEnterpriseId } from '../../domain/foreign-enterprise.ts';
import { requestFormPdf } from '../../infra/pdf/request-form.ts';
import { IdentifierString, Problem, withProblems } from '../schemas.ts';
import type { UsageLimits } from '../usage-limits.ts';
import { exceptionDeskRoutes } from './exception-desk.ts';
import { parseJsonField, readMultipart } from './exception-multipart.ts';
import { Challenge, FormBody, multipartDescription, OwnView, SubmitBody, Submitted } from './exception-schemas.ts';
import { foreignEnterpriseRoutes } from './foreign-enterprises.ts';
import { personLinkRoutes } from './person-links.ts';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const FollowHeaders = Type.Object({
  'x-follow-token': Type.String({
    minLength: 20,
    maxLength: 100,
    description: 'from POST /api/v1/exception-requests/follow',
  }),
});
/**
 * Body limits per route (issue 13, finding 15): the app-wide 1 MiB is for the bulk endpoints;
 * these small JSON bodies get what their schema can hold, even with every character escaped.
 */
const SMALL_JSON = 4 * 1024;
const FORM_JSON = 32 * 1024;

export function exceptionRoutes(deps: Deps, limits: UsageLimits): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['exception procedure'];
    if (!app.hasContentTypeParser('multipart/form-data')) {
      await app.register(multipart, {
        limits: {
          fileSize: deps.config.exception.maxFileBytes,
          files: 10,
          fields: 5,
          fieldSize: 64 * 1024,
          parts: 15,
          headerPairs: 100,
        },
      });
    }
    // Counters shared by every node when a Redis URL is configured (issue 13, finding 10).
    await app.register(rateLimit, { global: false, ...(limits.limiter.redis ? { redis: limits.limiter.redis } : {}) });

    // Submissions are limited per requester (address, each with its own proof of work), never
    // per target enterprise: that let anyone block an enterprise's procedure for a day. Only
    // accepted submissions count (usage-limits.ts); see docs/configuration.md.
    const followLimit = app.createRateLimit({
      max: 30,
      timeWindow: 15 * 60_000,
      keyGenerator: (r) => `follow:${r.ip}`,
    });
    const challengeLimit = app.createRateLimit({
      max: 60,
      timeWindow: 60_000,
      keyGenerator: (r) => `challenge:${r.ip}`,
    });
    // Generating a PDF costs CPU: the public form endpoints are limited per address too.
    const formLimit = app.createRateLimit({
      max: 30,
      timeWindow: 60_000,
      keyGenerator: (r) => `form:${r.ip}`,
    });
    const limit =
      (...checks: (typeof formLimit)[]) =>
      async (request: FastifyRequest) => {
        for (const check of checks) {
          const res = await check(request);
          if (!res.isAllowed && res.isExceeded)
            throw new DomainError('rate_limit.exceeded', {
              retryAfterSeconds: res.ttlInSeconds,
              retryAt: new Date(Date.now() + res.ttlInSeconds * 1000).toISOString(),
            });
        }
      };

    /**
     * The follow-up token is checked on the request line and headers, before a byte of the
     * (up to tens of MB of) multipart body is read (issue 13, finding 15): without it, anyone
     * could make the server swallow large uploads. The use case checks it again, in its transaction.
     */
    const followTokenFirst = async (request: FastifyRequest) => {
      const token = request.headers['x-follow-token'];
      if (typeof token !== 'string' || token.length < 20 || token.length > 100) {
        throw new DomainError('exception.follow_token_invalid');
      }
      await requestByToken(deps.db.db, token, deps.clock.now().toISOString());
    };

    app.get(
      '/api/v1/exception-requests/challenge',
      {
        onRequest: limit(challengeLimit),
        schema: {
          tags,
          summary: 'A proof-of-work challenge for the public request form',
          description:
            'Find a nonce such that sha256(challenge + ":" + nonce) starts with `difficulty` zero bits; send both with the request. Each challenge is accepted once.',
          response: withProblems({ 200: Challenge }),
        },
      },
      async () => ({
        ...(await issueChallenge(deps)),
        algorithm: 'sha256(challenge + ":" + nonce), leading zero bits >= difficulty',
      }),
    );

    app.post(
      '/api/v1/enterprises/:en/exception-requests',
      {
        onRequest: (request) => limits.takeExceptionSubmission(request),
        onResponse: (request, reply) => limits.settleExceptionSubmission(request, reply),
        schema: {
          tags,
          summary:
            'Submit a request to appoint a main access manager through the exception procedure (no login needed)',
          description: multipartDescription,
          consumes: ['multipart/form-data'],
          params: Type.Object({ en: IdentifierString('enterprise number') }),
          response: withProblems({ 201: Submitted, 413: Problem }),
        },
      },
      async (request, reply) => {
        const { fields, files } = await readMultipart(app, request, deps);
        const body = parseJsonField(SubmitBody, fields.request, 'request');
        const result = await submitExceptionRequest(
          deps,
          request.actor,
          { ...body, enterprise: request.params.en, attachments: files },
          request.id,
        );
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/api/v1/exception-requests/form.pdf',
      {
        onRequest: limit(formLimit),
        schema: {
          tags,
          summary: 'The blank request form, in a language',
          querystring: Type.Object({
            lang: Type.Optional(Type.Union(['nl', 'fr', 'de', 'en'].map((l) => Type.Literal(l)))),
          }),
          response: withProblems({ 200: Binary }),
        },
      },
      async (request, reply) => {
        const lang = (request.query.lang ?? 'nl') as 'nl';
        const pdf = await requestFormPdf(lang);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="btb-request-${lang}.pdf"`)
          .send(Buffer.from(pdf));
      },
    );

    app.post(
      '/api/v1/exception-requests/form.pdf',
      {
        onRequest: limit(formLimit),
        bodyLimit: FORM_JSON,
        schema: {
          tags,
          summary: 'The request form pre-filled with what the requester entered, in their language, to sign',
          description: 'POST rather than GET so that personal data stay out of URLs and access logs.',
          body: FormBody,
          response: withProblems({ 200: Binary }),
        },
      },
      async (request, reply) => {
        const b = request.body;
        const parsed = b.enterprise ? parseEnterpriseId(b.enterprise) : undefined;
        const enterprise = parsed?.ok ? parsed.value : b.enterprise;
        const known = parsed?.ok
          ? await deps.db.db
              .selectFrom('denomination')
              .select('denomination')
              .where('entity_number', '=', parsed.value)
              .orderBy('type')
              .executeTakeFirst()
          : undefined;
        const pdf = await requestFormPdf(b.language, { ...b, enterprise, enterpriseName: known?.denomination });
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="btb-request-${b.language}.pdf"`)
          .send(Buffer.from(pdf));
      },
    );

    app.post(
      '/api/v1/exception-requests/follow',
      {
        onRequest: limit(followLimit),
        bodyLimit: SMALL_JSON,
        schema: {
          tags,
          summary: 'Trade the reference and the one-time code of the mail for a follow-up token',
          body: Type.Object(
            {
              reference: Type.String({ minLength: 5, maxLength: 24 }),
              code: Type.String({ minLength: 6, maxLength: 20 }),
            },
            { additionalProperties: false },
          ),
          response: withProblems({ 200: Type.Object({ token: Type.String(), expiresAt: Type.String() }) }),
        },
      },
      async (request) => followExceptionRequest(deps, request.body),
    );

    app.post(
      '/api/v1/exception-requests/follow/code',
      {
        onRequest: limit(followLimit),
        bodyLimit: SMALL_JSON,
        schema: {
          tags,
          summary:
            "Mail a new one-time code to the request's address (same answer whether the reference exists or not)",
          body: Type.Object(
            { reference: Type.String({ minLength: 5, maxLength: 24 }) },
            { additionalProperties: false },
          ),
          response: withProblems({ 202: Type.Object({ sent: Type.Boolean() }) }),
        },
      },
      async (request, reply) => reply.code(202).send(await sendFollowCode(deps, request.body, request.id)),
    );

    app.get(
      '/api/v1/exception-requests/follow',
      {
        schema: {
          tags,
          summary: "The requester's view of their request",
          headers: FollowHeaders,
          response: withProblems({ 200: OwnView }),
        },
      },
      async (request) => getOwnExceptionRequest(deps, { token: request.headers['x-follow-token'] }),
    );

    app.post(
      '/api/v1/exception-requests/follow/answer',
      {
        onRequest: [limit(followLimit), followTokenFirst],
        schema: {
          tags,
          summary: "Answer the service desk's question and/or add documents",
          description: 'multipart/form-data: an optional `message` field and files named by kind, as on submission.',
          consumes: ['multipart/form-data'],
          headers: FollowHeaders,
          response: withProblems({
            200: Type.Object({ reference: Type.String(), status: Type.String(), attachmentsAdded: Type.Integer() }),
            413: Problem,
          }),
        },
      },
      async (request) => {
        const { fields, files } = await readMultipart(app, request, deps);
        return answerExceptionRequest(
          deps,
          { token: request.headers['x-follow-token'], message: fields.message, attachments: files },
          request.id,
        );
      },
    );

    await app.register(exceptionDeskRoutes(deps));
    await app.register(personLinkRoutes(deps));
    await app.register(foreignEnterpriseRoutes(deps));
  };
}
