import { appendAudit } from '../infra/audit/audit-log.ts';
import type { Deps } from './deps.ts';
import { REGISTER_ROLE } from './register-effects.ts';

/** An import held for confirmation, or let through by one: the operator's decision, audited. */
export async function recordImportDecision(
  deps: Deps,
  input: {
    isConfirmed: boolean;
    kind: string;
    source: string;
    confirmationId: string;
    affectedRights: number;
    totalRights: number;
    stopped: string[];
    ineligible: number;
    importId?: string;
    by?: string;
  },
): Promise<void> {
  await deps.db.unitOfWork(async (tx) => {
    await appendAudit(tx, deps.db.engine, {
      at: deps.clock.now().toISOString(),
      actor: input.by ?? 'cli',
      actorRole: REGISTER_ROLE,
      enterprise: null,
      action: input.isConfirmed ? 'register.import_confirmed' : 'register.import_held',
      target: input.confirmationId,
      after: {
        kind: input.kind,
        source: input.source,
        affectedRights: input.affectedRights,
        totalRights: input.totalRights,
        stopped: input.stopped.slice(0, 100),
        stoppedCount: input.stopped.length,
        ineligible: input.ineligible,
      },
      requestId: input.importId ? `import:${input.importId}` : null,
    });
  });
}
