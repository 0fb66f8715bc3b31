import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call, client } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { TextArea } from '../../components/Field.tsx';
import { errorMessage } from '../../errors.ts';
import type { RequestPage } from '../../exception/types.ts';
import { displayPerson } from '../../format.ts';

type Decision = 'ask_info' | 'reject' | 'approve' | 'confirm';

/**
 * The operator's decisions on one request. Asking a question changes nothing irreversible and
 * goes at once; rejecting, approving and confirming are asked again in a dialog that says what
 * will happen (a rejection is mailed; an approval replaces the current main access manager).
 */
export function DecisionPanel({
  request: r,
  enterpriseName,
  onDecided,
}: {
  request: RequestPage;
  enterpriseName: string;
  onDecided(status: string): void;
}) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const [note, setNote] = useState('');
  const [pending, setPending] = useState<Decision | null>(null);
  const [error, setError] = useState<{ decision: Decision; error: unknown } | null>(null);
  const [busy, setBusy] = useState(false);
  const [localError, setLocalError] = useState<Partial<Record<Decision, string>>>({});

  const decide = async (decision: Decision) => {
    setBusy(true);
    setError(null);
    const message = decision === 'ask_info' ? question : decision === 'reject' ? reason : note;
    try {
      const res = await call(
        client.POST('/api/v1/service-desk/exception-requests/{id}/decisions', {
          params: { path: { id: r.id } },
          body: {
            decision,
            ...(message.trim() ? { message: message.trim() } : {}),
            ...(decision === 'approve' && override.trim() ? { overrideReason: override.trim() } : {}),
          },
        }),
      );
      setPending(null);
      onDecided(res.status);
    } catch (e) {
      setPending(null);
      setError({ decision, error: e });
    } finally {
      setBusy(false);
    }
  };

  const ask = (decision: Decision) => {
    const missing =
      (decision === 'ask_info' && !question.trim()) || (decision === 'reject' && !reason.trim())
        ? t('errors.required')
        : undefined;
    setLocalError(missing ? { [decision]: missing } : {});
    if (missing) return;
    if (decision === 'ask_info') void decide(decision);
    else setPending(decision);
  };

  const errorOf = (d: Decision) => (error?.decision === d ? errorMessage(t, error.error) : undefined);
  const notEligible = error?.error instanceof ApiError && error.error.code === 'appointment.not_eligible';
  const person = `${r.proposed.givenName} ${r.proposed.familyName} (${displayPerson(r.proposed.person)})`;
  const canDecide = ['submitted', 'answered', 'info_requested'].includes(r.status);
  const current = r.register.currentMain;

  return (
    <section aria-labelledby="decide-title" className="card">
      <h2 id="decide-title">{t('desk.decisions')}</h2>
      {error && !notEligible && error.decision !== 'ask_info' && error.decision !== 'reject' && (
        <Alert kind="error">{errorOf(error.decision)}</Alert>
      )}
      {r.status === 'pending_confirmation' && (
        <div className="decision">
          <h3>{t('desk.confirmTitle')}</h3>
          <p>{t('desk.confirmLead', { by: displayPerson(r.decision.approvedBy) })}</p>
          {r.decision.overrideReason && <p>{t('desk.overrideRecorded', { reason: r.decision.overrideReason })}</p>}
          <button type="button" onClick={() => ask('confirm')}>
            {t('desk.confirm')}
          </button>
        </div>
      )}
      {canDecide && (
        <>
          <div className="decision">
            <h3>{t('desk.approveTitle')}</h3>
            <TextArea
              label={t('desk.override')}
              hint={t('desk.overrideHint')}
              value={override}
              onChange={setOverride}
              error={notEligible ? errorOf('approve') : undefined}
              maxLength={2000}
            />
            <TextArea label={t('desk.note')} value={note} onChange={setNote} maxLength={5000} />
            <button type="button" onClick={() => ask('approve')}>
              {t('desk.approve')}
            </button>
          </div>
          <div className="decision">
            <h3>{t('desk.askTitle')}</h3>
            <TextArea
              label={t('desk.question')}
              hint={t('desk.questionHint')}
              value={question}
              onChange={setQuestion}
              error={localError.ask_info ?? errorOf('ask_info')}
              maxLength={5000}
            />
            <button type="button" className="secondary" onClick={() => ask('ask_info')} disabled={busy}>
              {t('desk.askInfo')}
            </button>
          </div>
        </>
      )}
      {(canDecide || r.status === 'pending_confirmation') && (
        <div className="decision">
          <h3>{t('desk.rejectTitle')}</h3>
          <TextArea
            label={t('desk.rejectReason')}
            hint={t('desk.rejectHint')}
            value={reason}
            onChange={setReason}
            error={localError.reject ?? errorOf('reject')}
            maxLength={5000}
          />
          <button type="button" className="danger" onClick={() => ask('reject')}>
            {t('desk.reject')}
          </button>
        </div>
      )}

      <ConfirmDialog
        open={pending !== null}
        title={pending ? t(`desk.dialog.${pending as 'reject'}Title`) : undefined}
        confirmLabel={pending ? t(`desk.dialog.${pending as 'reject'}Button`) : ''}
        onConfirm={() => pending && void decide(pending)}
        onCancel={() => setPending(null)}
        busy={busy}
      >
        {pending === 'reject' && (
          <>
            <p>{t('desk.dialog.reject', { reference: r.reference })}</p>
            <blockquote>{reason}</blockquote>
          </>
        )}
        {(pending === 'approve' || pending === 'confirm') && (
          <>
            <p>{t('desk.dialog.approve', { person, name: enterpriseName })}</p>
            {current && <p>{t('desk.dialog.replaces', { person: displayPerson(current.person) })}</p>}
            {pending === 'approve' && override.trim() && (
              <p>{t('desk.dialog.override', { reason: override.trim() })}</p>
            )}
            {pending === 'approve' && <p className="muted">{t('desk.dialog.fourEyes')}</p>}
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
