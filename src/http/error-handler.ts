import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../domain/errors.ts';
import { ownValue } from '../domain/own.ts';
import { pickLang, problemTitle } from './problem-messages.ts';
import { ajvViolations } from './validation-problems.ts';

/** The one table from error codes (or their namespace) to HTTP statuses. */
const statusByCode: Record<string, number> = {
  identifier: 400,
  validation: 400,
  'grant.invalid_period': 400,
  'appointment.end_date_in_past': 400,
  'grant.start_in_past': 400,
  'grant.establishment_unknown': 400,
  'grant.establishment_other_enterprise': 400,
  'term.too_long': 400,
  authentication: 401,
  'authentication.insufficient_assurance': 403,
  'authentication.not_configured': 503,
  'authentication.provider_unavailable': 503,
  'service.unavailable': 503,
  'service.busy': 503,
  authorization: 403,
  'enterprise.not_found': 404,
  'person.not_found': 404,
  'appointment.not_found': 404,
  'grant.not_found': 404,
  'invitation.not_found': 404,
  catalogue: 404,
  not_found: 404,
  conflict: 409,
  // mandates (issue 9)
  'mandate.not_found': 404,
  'mandate.already_exists': 409,
  'idempotency.in_progress': 409,
  'mandate.concurrent_change': 409,
  'grant.concurrent_change': 409,
  'mandate.not_proposed': 409,
  'mandate.closed': 409,
  'mandate.own_proposal': 403,
  'mandate.wrong_side': 403,
  'mandate.invalid_period': 400,
  'mandate.capacity_required': 400,
  'appointment.already_exists': 409,
  'appointment.already_main': 409,
  'appointment.concurrent_change': 409,
  'grant.already_exists': 409,
  'invitation.already_used': 409,
  'invitation.expired': 410,
  'appointment.not_eligible': 422,
  'enterprise.stopped': 422,
  'invitation.email_mismatch': 422,
  'rate_limit.exceeded': 429,
  // exception procedure (issue 6)
  'attachment.unsupported_type': 415,
  'attachment.too_large': 413,
  'attachment.request_too_large': 413,
  'attachment.not_found': 404,
  'request.unsupported_media_type': 415,
  'exception.not_found': 404,
  'exception.challenge_invalid': 400,
  'exception.invalid_code': 401,
  'exception.follow_token_invalid': 401,
  'exception.invalid_transition': 409,
  'exception.concurrent_change': 409,
  'exception.closed': 409,
  'exception.four_eyes_same_operator': 403,
  'exception.conflict_of_interest': 403,
  'operator.not_found': 404,
  'person_link.exists': 409,
  'person_link.not_found': 404,
  'person_link.not_proposed': 409,
  'person_link.conflict': 409,
  'person_link.number_in_use': 409,
  'foreign_enterprise.not_found': 404,
  'foreign_enterprise.duplicate': 409,
  'foreign_enterprise.not_proposed': 409,
  'foreign_enterprise.not_registered': 409,
  'foreign_enterprise.link_exists': 409,
  'foreign_enterprise.link_not_found': 404,
  'foreign_enterprise.link_conflict': 409,
  'foreign_enterprise.linked': 410,
  'foreign_enterprise.representative_not_found': 404,
  'foreign_enterprise.renewal_exists': 409,
  // issue 13, finding 9
  'request.cross_site': 403,
  'attachment.link_invalid': 403,
  // issue 13: stale authority (finding 3), invitations bound to their invitee (finding 8), flooding (finding 10)
  'mandate.proposal_lapsed': 409,
  'register_review.not_found': 404,
  'register_review.wrong_state': 409,
  'register_review.main_taken': 409,
  'register_review.reason_required': 400,
  'appointment_report.not_found': 404,
  'appointment_report.not_reportable': 409,
  'appointment_report.already_open': 409,
  'appointment_report.wrong_state': 409,
  'appointment_report.main_taken': 409,
  'invitation.lapsed': 409,
  'invitation.not_open': 409,
  'invitation.person_mismatch': 422,
  'invitation.email_unverified': 422,
  'request.malformed': 400,
  // access requests (issue 18)
  'access_request.not_found': 404,
  'access_request.closed': 409,
  'access_request.expired': 409,
  'access_request.concurrent_change': 409,
  'access_request.already_open': 409,
  'access_request.already_held': 409,
  'access_request.too_many_open': 409,
  'access_request.own_request': 403,
  // systems and system users (issue 18, section 2)
  'system.not_found': 404,
  'system.client_taken': 409,
  'system_user.not_found': 404,
  'system_user.already_exists': 409,
  'system_user.service_not_offered': 403,
  'system_user_request.not_found': 404,
  'system_user_request.closed': 409,
  'system_user_request.expired': 409,
  'system_user_request.concurrent_change': 409,
  'system_user_request.already_open': 409,
  'system_user_request.own_enterprise': 400,
};

export function statusFor(code: string): number {
  return ownValue(statusByCode, code) ?? ownValue(statusByCode, code.split('.')[0] ?? '') ?? 422;
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  details: Record<string, unknown> = {},
): FastifyReply {
  const lang = pickLang(request.headers['accept-language']);
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      ...safeDetails(request, code, details),
      type: `https://btb.example/problems/${code}`,
      title: problemTitle(code, lang),
      status,
      code,
      instance: request.url.split('?')[0],
      requestId: request.id,
    });
}

/** Members of the problem body that a detail may never replace (RFC 9457 and ours). */
const RESERVED_MEMBERS = new Set(['type', 'title', 'status', 'code', 'instance', 'requestId']);

/**
 * A refusal must never become a 500 because of its details (issue 14, item 1): a detail that
 * reuses a reserved member is dropped (RFC 9457's `detail` is kept when it is the string it
 * must be), and details that JSON cannot carry (a BigInt, a cycle) are left out altogether.
 */
function safeDetails(request: FastifyRequest, code: string, details: Record<string, unknown>): Record<string, unknown> {
  let plain: Record<string, unknown>;
  try {
    plain = JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    request.log.warn({ code }, 'error details cannot be serialised; sent without them');
    return {};
  }
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plain)) {
    if (RESERVED_MEMBERS.has(key) || (key === 'detail' && typeof value !== 'string')) {
      request.log.warn({ code, member: key }, 'error detail reuses a reserved problem member; dropped');
    } else kept[key] = value;
  }
  return kept;
}

/**
 * Refusals Fastify's router makes before any hook runs (a path parameter over maxParamLength, a
 * malformed percent-encoding): problem+json like every other refusal, not Fastify's own JSON
 * (issue 8, found by the fuzzer).
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  sendProblem(request, reply, tooLong ? 414 : 400, tooLong ? 'request.uri_too_long' : 'request.malformed');
}

const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/** PostgreSQL shutting down or unreachable (SQLCSTATE class 08, 57P0x, socket errors). */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  const message = String((error as { message?: unknown }).message ?? '');
  return (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    /Connection terminated|connection to server|the database system is (starting up|shutting down|in recovery mode)|Client was closed|not queryable|connection error|timeout exceeded when trying to connect|terminating connection/i.test(
      message,
    )
  );
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDomainError(error)) {
      const details = { ...error.details };
      // The UI follows stepUpUrl (adding its own returnTo) to log in again at the level needed.
      if (error.code === 'authentication.insufficient_assurance' && typeof details.needed === 'string') {
        details.stepUpUrl = `/auth/login?loa=${encodeURIComponent(details.needed)}`;
      }
      // a refused rate says when to come back (issue 13, finding 10)
      const isRetryable = error.code === 'rate_limit.exceeded' || error.code === 'idempotency.in_progress';
      if (isRetryable && typeof details.retryAfterSeconds === 'number') {
        reply.header('retry-after', String(details.retryAfterSeconds));
      }
      return sendProblem(request, reply, statusFor(error.code), error.code, details);
    }
    if (error.validation) {
      // every violation at once, one per field, with its rule and limit (issue 16, item 10)
      return sendProblem(
        request,
        reply,
        400,
        'validation.invalid_input',
        ajvViolations(error.validation, error.validationContext),
      );
    }
    const dbCode = (error as { code?: string }).code;
    if (dbCode === '23505' || dbCode === 'SQLITE_CONSTRAINT_UNIQUE') {
      // A uniqueness rule held by the database (one main access manager, no duplicate grant)
      // refused a change that raced another one: the caller may retry and will see the winner.
      return sendProblem(request, reply, 409, 'conflict.concurrent_change');
    }
    if (error.statusCode === 429) return sendProblem(request, reply, 429, 'rate_limit.exceeded');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own refusals: malformed JSON, wrong content type, body too large...
      const code =
        error.statusCode === 413
          ? 'request.too_large'
          : error.statusCode === 415
            ? 'request.unsupported_media_type'
            : error.statusCode === 404
              ? 'not_found'
              : 'request.malformed';
      return sendProblem(request, reply, error.statusCode, code, { detail: error.message });
    }
    if (dbCode === '40P01' || dbCode === '40001') {
      // PostgreSQL broke a deadlock or a serialization conflict by rolling this transaction back:
      // nothing was changed, and the same request a moment later goes through. One lock order
      // (docs/consistency.md) keeps btb's own use cases from deadlocking; this is the answer if
      // one still does, instead of "internal" (review 8, finding 1). Not retried here: a use
      // case may have read the registers or the clock before, and the caller should see them again.
      request.log.warn({ err: error, sqlState: dbCode }, 'transaction rolled back by the database');
      return sendProblem(request, reply.header('retry-after', '1'), 503, 'service.busy');
    }
    if (isDatabaseUnavailable(error)) {
      // The database is down or restarting (issue 8): say so, retryably, instead of "internal".
      request.log.warn({ err: error }, 'database unavailable');
      return sendProblem(request, reply.header('retry-after', '2'), 503, 'service.unavailable');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 500, 'internal');
  });
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 404, 'not_found'));
}
