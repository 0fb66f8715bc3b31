import type { Deps } from '../deps.ts';
import { enterpriseName } from '../shared/record.ts';
import { requestByToken } from './shared.ts';

/** What the requester sees: the history that concerns them, never operators' identities nor documents' content. */
const visibleActions = [
  'submitted',
  'info_requested',
  'answered',
  'documents_added',
  'approval_proposed',
  'approved',
  'rejected',
];

/** The requester's view of their request, opened with a follow-up token. */
export async function getOwnExceptionRequest(deps: Deps, input: { token: string }) {
  const now = deps.clock.now().toISOString();
  return deps.db.unitOfWork(async (tx) => {
    const r = await requestByToken(tx, input.token, now);
    const [history, attachments, name] = await Promise.all([
      tx
        .selectFrom('exception_history')
        .select(['at', 'action', 'actor_role', 'message'])
        .where('request_id', '=', r.id)
        .where('action', 'in', visibleActions)
        .orderBy('at')
        .execute(),
      tx
        .selectFrom('exception_attachment')
        .select(['kind', 'filename', 'size_bytes', 'uploaded_at'])
        .where('request_id', '=', r.id)
        .orderBy('uploaded_at')
        .execute(),
      enterpriseName(tx, r.enterprise_number),
    ]);
    return {
      reference: r.reference,
      status: r.status,
      enterprise: r.enterprise_number,
      enterpriseName: name,
      reason: r.reason,
      submittedAt: r.submitted_at,
      targetDate: r.target_date,
      proposed: { name: `${r.proposed_given_name} ${r.proposed_family_name}` },
      decisionReason: r.status === 'rejected' ? r.decision_reason : null,
      history: history.map((h) => ({ at: h.at, action: h.action, by: h.actor_role, message: h.message })),
      attachments: attachments.map((a) => ({
        kind: a.kind,
        filename: a.filename,
        size: a.size_bytes,
        uploadedAt: a.uploaded_at,
      })),
    };
  });
}
