import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { errorMessage } from '../errors.ts';
import { displayEnterprise, displayPerson, formatDate } from '../format.ts';
import { useApi, useTitle } from '../hooks.ts';

interface Review {
  id: string;
  person: string;
  name: string | null;
  kind: string;
  source: string | null;
  detectedAt: string;
  graceUntil: string;
  status: 'pending' | 'confirmed' | 'ended' | 'suspended' | 'restored' | 'resolved';
  decidedAt: string | null;
  decisionReason: string | null;
}

type Decision = 'confirm' | 'end' | 'restore';
const DECISIONS: Record<Review['status'], Decision[]> = {
  pending: ['confirm', 'end'],
  confirmed: ['end'],
  suspended: ['restore', 'end'],
  ended: [],
  restored: [],
  resolved: [],
};

/**
 * Main and co-main access managers a register change left without a basis (issue 17): the
 * legal representatives confirm, end or restore them here, with a reason.
 */
export function RegisterReviews() {
  const { en = '' } = useParams();
  const { t, i18n } = useTranslation();
  useTitle(t('registerReviews.title'));
  const list = useApi<{ items: Review[] }>(`/api/v1/enterprises/${en}/register-reviews`);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string | null>(null);

  const decide = async (r: Review, decision: Decision) => {
    setBusy(true);
    setError(undefined);
    setMessage(null);
    try {
      await api(`/api/v1/enterprises/${en}/register-reviews/${r.id}/${decision}`, {
        method: 'POST',
        body: { reason: reasons[r.id] ?? '' },
      });
      setMessage(t(`registerReviews.done.${decision}`, { name: r.name ?? displayPerson(r.person) }));
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p>
        <Link to={`/enterprises/${en}`}>{t('registerReviews.back', { enterprise: displayEnterprise(en) })}</Link>
      </p>
      <h1>{t('registerReviews.title')}</h1>
      <p className="lead">{t('registerReviews.lead')}</p>
      {message && <Alert kind="success">{message}</Alert>}
      {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      {list.error !== undefined && <Alert kind="error">{errorMessage(t, list.error)}</Alert>}
      {list.data?.items.length === 0 && <p className="card note">{t('registerReviews.none')}</p>}
      {list.data?.items.map((r) => {
        const name = r.name ?? displayPerson(r.person);
        const reasonId = `reason-${r.id}`;
        return (
          <article className="card" key={r.id} aria-labelledby={`review-${r.id}`}>
            <h2 id={`review-${r.id}`}>
              {name} · {t(`roles.${r.kind as 'main'}`)}
            </h2>
            <p>
              <span className={`badge ${r.status === 'suspended' || r.status === 'pending' ? 'warn' : ''}`}>
                {t(`registerReviews.status.${r.status}`)}
              </span>
            </p>
            <p>{t('registerReviews.why', { date: formatDate(r.detectedAt, i18n.language) })}</p>
            {r.status === 'pending' && (
              <p>{t('registerReviews.deadline', { date: formatDate(r.graceUntil, i18n.language) })}</p>
            )}
            {r.decisionReason && (
              <p className="muted">
                {t('registerReviews.reasonGiven')}: {r.decisionReason}
              </p>
            )}
            {DECISIONS[r.status].length > 0 && (
              <div className="field">
                <label htmlFor={reasonId}>{t('registerReviews.reason')}</label>
                <textarea
                  id={reasonId}
                  rows={2}
                  maxLength={1000}
                  value={reasons[r.id] ?? ''}
                  onChange={(e) => setReasons({ ...reasons, [r.id]: e.target.value })}
                />
                <p className="hint small">{t('registerReviews.reasonHint')}</p>
                <div className="actions">
                  {DECISIONS[r.status].map((d) => (
                    <button
                      key={d}
                      type="button"
                      className={d === 'end' ? 'danger' : undefined}
                      disabled={busy}
                      onClick={() => decide(r, d)}
                    >
                      {t(`registerReviews.actions.${d}`)}
                    </button>
                  ))}
                </div>
              </div>
            )}
          </article>
        );
      })}
    </section>
  );
}
