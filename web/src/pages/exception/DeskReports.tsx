import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { errorMessage } from '../../errors.ts';
import { displayEnterprise, formatDate, personLabel } from '../../format.ts';
import { useApi, useTitle } from '../../hooks.ts';
import type { AppointmentReport } from '../../types.ts';
import { DeskRefusal } from './DeskGate.tsx';

/** The service desk's "this was not us" reports (issue 17, section 2): restore or end, with a reason. */
export function DeskReports() {
  const { t, i18n } = useTranslation();
  useTitle(t('management.deskTitle'));
  const list = useApi<{ items: AppointmentReport[] }>('/api/v1/service-desk/appointment-reports');
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string | null>(null);

  const decide = async (r: AppointmentReport, decision: 'restore' | 'end') => {
    setBusy(true);
    setError(undefined);
    setMessage(null);
    try {
      await api(`/api/v1/service-desk/appointment-reports/${r.id}/decision`, {
        method: 'POST',
        body: { decision, reason: reasons[r.id] ?? '' },
      });
      setMessage(t('management.deskDone'));
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (list.error !== undefined && !list.data) return <DeskRefusal error={list.error} />;
  return (
    <section>
      <h1>{t('management.deskTitle')}</h1>
      <p className="lead">{t('management.deskLead')}</p>
      {message && <Alert kind="success">{message}</Alert>}
      {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      {list.data?.items.length === 0 && <p className="card note">{t('management.deskNone')}</p>}
      {list.data?.items.map((r) => (
        <article className="card" key={r.id} aria-labelledby={`report-${r.id}`}>
          <h2 id={`report-${r.id}`}>
            {personLabel(r.name, r.person)} · {t(`roles.${r.kind as 'main'}`)} · {r.enterpriseName} (
            {displayEnterprise(r.enterprise)})
          </h2>
          <p>
            <span className={`badge ${r.suspended ? 'warn' : ''}`}>
              {r.suspended ? t('management.deskSuspended') : t('management.deskNotSuspended')}
            </span>{' '}
            {t(`procedure.${r.procedure === 'exception' ? 'exception' : 'standard'}`)}
          </p>
          <p>
            {t('management.deskReportedBy', {
              name: personLabel(r.reportedByName, r.reportedBy),
              date: formatDate(r.reportedAt, i18n.language),
            })}
          </p>
          {r.note && <blockquote>{r.note}</blockquote>}
          <div className="field">
            <label htmlFor={`decision-${r.id}`}>{t('management.deskReason')}</label>
            <textarea
              id={`decision-${r.id}`}
              rows={2}
              maxLength={1000}
              value={reasons[r.id] ?? ''}
              onChange={(e) => setReasons({ ...reasons, [r.id]: e.target.value })}
            />
            <div className="actions">
              <button type="button" disabled={busy} onClick={() => void decide(r, 'restore')}>
                {t('management.restore')}
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => void decide(r, 'end')}>
                {t('management.end')}
              </button>
            </div>
          </div>
        </article>
      ))}
    </section>
  );
}
