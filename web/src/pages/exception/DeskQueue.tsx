import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Field } from '../../components/Field.tsx';
import { type QueueItem, REASONS, reasonKey, STATUSES } from '../../exception/types.ts';
import { displayEnterprise, enterpriseParam, formatDate } from '../../format.ts';
import { useApi, useTitle } from '../../hooks.ts';
import { DeskRefusal } from './DeskGate.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { TimeLeft } from './TimeLeft.tsx';

const FILTERS = ['status', 'reason', 'minAgeDays', 'enterprise'] as const;

/** The service desk's queue, oldest first; the filters live in the address so a view can be shared. */
export function DeskQueue() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState(() => Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])));
  const query = new URLSearchParams();
  for (const k of FILTERS) {
    const v = params.get(k);
    if (v) query.set(k, k === 'enterprise' ? enterpriseParam(v) : v);
  }
  const queue = useApi<{ items: QueueItem[] }>(`/api/v1/service-desk/exception-requests?${query.toString()}`);
  useTitle(t('desk.queueTitle'));

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTERS) if (draft[k]?.trim()) next.set(k, draft[k].trim());
    setParams(next);
  };

  if (queue.error !== undefined && !queue.data) return <DeskRefusal error={queue.error} />;
  const items = queue.data?.items ?? [];
  return (
    <section>
      <h1>{t('desk.queueTitle')}</h1>
      <p>{t('desk.queueLead')}</p>
      <p>
        <Link to="/service-desk/appointment-reports">{t('management.deskLink')}</Link>
      </p>
      <p>
        <Link to="/service-desk/ending-soon">{t('endingSoon.link')}</Link>
      </p>
      <p>
        <Link to="/service-desk/foreign-enterprises">{t('foreignEnterprises.link')}</Link>
      </p>
      <p>
        <Link to="/service-desk/person-links">{t('personLinks.link')}</Link>
      </p>
      <form onSubmit={apply} className="card" aria-labelledby="filters-title">
        <h2 id="filters-title" className="small-heading">
          {t('desk.filters')}
        </h2>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="f-status">{t('desk.status')}</label>
            <select
              id="f-status"
              value={draft.status}
              onChange={(e) => setDraft((d) => ({ ...d, status: e.target.value }))}
            >
              <option value="">{t('desk.anyOpen')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`desk.statuses.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-reason">{t('desk.reason')}</label>
            <select
              id="f-reason"
              value={draft.reason}
              onChange={(e) => setDraft((d) => ({ ...d, reason: e.target.value }))}
            >
              <option value="">{t('desk.anyReason')}</option>
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`desk.reasons.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('desk.minAge')}
            type="number"
            min={0}
            value={draft.minAgeDays ?? ''}
            onChange={(v) => setDraft((d) => ({ ...d, minAgeDays: v }))}
          />
          <Field
            label={t('desk.enterprise')}
            value={draft.enterprise ?? ''}
            onChange={(v) => setDraft((d) => ({ ...d, enterprise: v }))}
            inputMode="numeric"
          />
        </div>
        <div className="actions">
          <button type="submit">{t('desk.apply')}</button>
        </div>
      </form>
      {queue.error !== undefined && <DeskRefusal error={queue.error} />}
      {queue.isLoading && <p aria-live="polite">{t('app.loading')}</p>}
      {!queue.isLoading && items.length === 0 && <p className="card note">{t('desk.empty')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('desk.queueCaption', { count: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('desk.reference')}</th>
                <th scope="col">{t('desk.enterprise')}</th>
                <th scope="col">{t('desk.reason')}</th>
                <th scope="col">{t('desk.status')}</th>
                <th scope="col">{t('desk.submitted')}</th>
                <th scope="col">{t('desk.timeLeft')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} className={r.warning ? `warn-${r.warning}` : undefined}>
                  <td data-label={t('desk.reference')}>
                    <Link to={`/service-desk/requests/${r.id}`}>{r.reference}</Link>
                  </td>
                  <td data-label={t('desk.enterprise')}>
                    {r.enterpriseName ?? ''} <span className="muted">{displayEnterprise(r.enterprise)}</span>
                    {r.duplicates > 0 && (
                      <span className="badge warn">{t('desk.duplicates', { count: r.duplicates })}</span>
                    )}
                  </td>
                  <td data-label={t('desk.reason')}>{t(reasonKey(r.reason))}</td>
                  <td data-label={t('desk.status')}>
                    <StatusBadge status={r.status} desk />
                  </td>
                  <td data-label={t('desk.submitted')}>{formatDate(r.submittedAt, i18n.language)}</td>
                  <td data-label={t('desk.timeLeft')}>
                    <TimeLeft days={r.workingDaysLeft} warning={r.warning} target={r.targetDate} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
