/**
 * Refused management attempts are audited (issue 13, "Audit completeness"): an authenticated
 * actor's change (any method but GET/HEAD/OPTIONS on /api/v1) answered 403, 409, 410 or 422 with a
 * domain refusal (not allowed, in conflict, gone, or against a rule of the domain such as a
 * service outside the mandate) writes one `security.refused` event, with the enterprise the route names, so the enterprise sees
 * in its history who tried what on its data. The refused change itself was rolled back; the
 * event has its own small transaction.
 *
 * Anonymous refusals (401) are not recorded: nobody is accountable for them and recording them
 * would let anyone grow the audit log at will; they are counted in the metrics. docs/audit.md.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../app/deps.ts';
import { recordSecurityEvent } from '../app/record-security-event.ts';
import { actorId } from '../app/shared/record.ts';
import { isDomainError } from '../domain/errors.ts';
import { parseEnterpriseId } from '../domain/foreign-enterprise.ts';
import { statusFor } from './error-handler.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** true: a refused read is audited too (who tried to see who manages an enterprise, issue 17) */
    auditRefusedRead?: true;
  }
}
// 400 (malformed input) is not: the request never reached a rule of the domain
const AUDITED_STATUSES = new Set([403, 409, 410, 422]);

function refusalOf(error: unknown): { code: string; status: number } | undefined {
  if (isDomainError(error)) return { code: error.code, status: statusFor(error.code) };
  const dbCode = (error as { code?: string }).code;
  if (dbCode === '23505' || dbCode === 'SQLITE_CONSTRAINT_UNIQUE')
    return { code: 'conflict.concurrent_change', status: 409 };
  return undefined;
}

/** The enterprise the route names (`:en`), else the one the refusal names in its details. */
function enterpriseOf(request: FastifyRequest, error: unknown): string | null {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const details = isDomainError(error) ? error.details : {};
  const raw = Object.hasOwn(params, 'en')
    ? params.en
    : Object.hasOwn(params, 'enterpriseNumber')
      ? params.enterpriseNumber
      : Object.hasOwn(details, 'enterprise')
        ? details.enterprise
        : undefined;
  if (typeof raw !== 'string') return null;
  const parsed = parseEnterpriseId(raw);
  return parsed.ok ? parsed.value : null;
}

export function installRefusalAudit(app: FastifyInstance, deps: Deps): void {
  app.addHook('onError', async (request, _reply, error) => {
    const isAuditedRead = request.routeOptions.config?.auditRefusedRead === true;
    if ((READS.has(request.method) && !isAuditedRead) || !request.url.startsWith('/api/v1/') || !request.actor) return;
    const refusal = refusalOf(error);
    if (!refusal || !AUDITED_STATUSES.has(refusal.status)) return;
    try {
      await recordSecurityEvent(deps, {
        action: 'security.refused',
        actor: actorId(request.actor),
        actorRole: 'person',
        enterprise: enterpriseOf(request, error),
        target: `${request.method} ${request.routeOptions.url ?? ''}`,
        after: { code: refusal.code, status: refusal.status },
        requestId: request.id,
      });
    } catch (e) {
      // The refusal is still answered; a failed audit write is logged, never turned into a 500.
      request.log.error({ err: e }, 'could not audit a refused attempt');
    }
  });
}
