import type { Deps } from '../deps.ts';
import { record } from '../shared/record.ts';
import { CODE_TTL_MS, newCode, REQUESTER, requesterCtx, requesterMail, sha256 } from './shared.ts';

/**
 * Mails a new one-time code to the requester's address. The answer is the same whether the
 * reference exists or not, so this endpoint cannot be used to probe references.
 */
export async function sendFollowCode(
  deps: Deps,
  input: { reference: string },
  requestId?: string,
): Promise<{ sent: true }> {
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  const reference = input.reference.trim().toUpperCase();
  await deps.db.unitOfWork(async (tx) => {
    const r = await tx
      .selectFrom('exception_request')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirst();
    if (!r) return;
    const code = newCode();
    await tx
      .updateTable('exception_request')
      .set({
        follow_code_hash: sha256(code),
        follow_code_expires_at: new Date(nowDate.getTime() + CODE_TTL_MS).toISOString(),
        follow_code_attempts: 0,
      })
      .where('id', '=', r.id)
      .execute();
    await record(tx, deps, requesterCtx(r.reference, undefined, requestId), {
      at: now,
      actorRole: REQUESTER,
      enterprise: r.enterprise_number,
      action: 'exception_request.code_sent',
      target: r.reference,
      procedure: 'exception',
      mails: [requesterMail(r, 'exception_code', { code }, deps)],
    });
  });
  return { sent: true };
}
