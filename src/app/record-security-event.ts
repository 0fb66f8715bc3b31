/**
 * Security events in the audit log (issue 13, "Audit completeness"): logins, logouts, step-ups,
 * failed logins, refused management attempts, API-client token issuance and credential
 * failures. Each is written in its own small transaction, apart from any change (a refused
 * change is rolled back; its refusal is still recorded). docs/audit.md says what is recorded.
 */
import { appendAudit } from '../infra/audit/audit-log.ts';
import type { Deps } from './deps.ts';

export interface SecurityEvent {
  action: string;
  actor: string | null;
  actorRole: string | null;
  enterprise?: string | null;
  target?: string | null;
  after?: unknown;
  requestId?: string | null;
}

export async function recordSecurityEvent(deps: Deps, e: SecurityEvent): Promise<number> {
  const at = deps.clock.now().toISOString();
  return deps.db.unitOfWork((tx) =>
    appendAudit(tx, deps.db.engine, {
      at,
      actor: e.actor,
      actorRole: e.actorRole,
      enterprise: e.enterprise ?? null,
      action: e.action,
      target: e.target ?? null,
      after: e.after,
      requestId: e.requestId ?? null,
    }),
  );
}

/** A reason the caller may have chosen (an OAuth `error` parameter): kept only when it is a plain word. */
function boundedReason(reason: unknown): string {
  return typeof reason === 'string' && /^[\w .-]{1,60}$/.test(reason) ? reason : 'other';
}

/**
 * Failures by callers nobody has authenticated (a bad login callback, wrong client credentials)
 * are coalesced, so that a flood cannot grow the audit log without bound: per node, at most one
 * event per (action, reason, target) and window; the failures not written one by one are counted
 * in the next event of that key (`notRecordedBefore`). Keys are bounded too (`maxKeys`, beyond
 * which everything counts under reason `other`), so the memory is bounded as well.
 */
export function createFailureAudit(deps: Deps, opts: { windowMs?: number; maxKeys?: number } = {}) {
  const windowMs = opts.windowMs ?? 60_000;
  const maxKeys = opts.maxKeys ?? 200;
  const windows = new Map<string, { start: number; suppressed: number }>();
  return {
    async fail(
      action: string,
      reasonRaw: unknown,
      ctx: { target?: string | null; requestId?: string; actorRole?: string } = {},
    ) {
      const now = deps.clock.now().getTime();
      let reason = boundedReason(reasonRaw);
      let target = ctx.target ?? null;
      let key = `${action}\u0000${reason}\u0000${target ?? ''}`;
      if (!windows.has(key) && windows.size >= maxKeys) {
        for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
        if (windows.size >= maxKeys) {
          reason = 'other';
          target = null;
          key = `${action}\u0000other\u0000`;
        }
      }
      const w = windows.get(key);
      if (w && now - w.start < windowMs) {
        w.suppressed++;
        return;
      }
      windows.set(key, { start: now, suppressed: 0 });
      await recordSecurityEvent(deps, {
        action,
        actor: null,
        actorRole: ctx.actorRole ?? 'anonymous',
        target,
        after: { reason, notRecordedBefore: w?.suppressed ?? 0 },
        requestId: ctx.requestId,
      });
    },
  };
}
