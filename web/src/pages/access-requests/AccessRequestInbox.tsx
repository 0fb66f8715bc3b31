import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type AccessRequest, accessRequestsApi } from '../../api/access-requests.ts';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Field, TextArea } from '../../components/Field.tsx';
import { errorMessage } from '../../errors.ts';
import { dateInput, displayEnterprise, displayPerson, formatDate } from '../../format.ts';
import { useApi, useTitle } from '../../hooks.ts';
import { useMyRoles } from '../../roles.ts';
import { useRequestLabel } from './AskAccess.tsx';

/** One open request with its two decisions: approve (choosing the end date) or refuse (with a reason). */
function RequestItem({ en, r, onDone }: { en: string; r: AccessRequest; onDone(message: string): void }) {
  const { t, i18n } = useTranslation();
  const label = useRequestLabel();
  const [until, setUntil] = useState(dateInput(r.wishedUntil));
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const headingId = `request-${r.id}`;

  const decide = async (verb: 'approve' | 'refuse') => {
    setBusy(true);
    setError(undefined);
    try {
      if (verb === 'approve') await accessRequestsApi.approve(en, r.id, until || null);
      else await accessRequestsApi.refuse(en, r.id, reason);
      setRefusing(false);
      onDone(t(verb === 'approve' ? 'accessRequests.approved' : 'accessRequests.refused'));
    } catch (e) {
      setRefusing(false);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="card" aria-labelledby={headingId} data-request={r.id}>
      <h2 id={headingId} className="small-heading">
        {label(r)}
      </h2>
      <p>
        {t('accessRequests.requester')}: {r.requesterName ?? ''} ({displayPerson(r.requester)}) ·{' '}
        {formatDate(r.createdAt, i18n.language)}
      </p>
      <blockquote className="message">{r.message}</blockquote>
      <p className="muted">
        {t('accessRequests.wished', {
          date: r.wishedUntil ? formatDate(r.wishedUntil, i18n.language) : t('accessRequests.noEnd'),
        })}{' '}
        · {t('accessRequests.expires')} {formatDate(r.expiresAt, i18n.language)}
      </p>
      {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      <Field
        label={t('accessRequests.endDate')}
        hint={t('accessRequests.endDateHint')}
        type="date"
        value={until}
        onChange={setUntil}
      />
      <p className="actions">
        <button type="button" disabled={busy} onClick={() => decide('approve')}>
          {t('accessRequests.approve')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setRefusing(true)}>
          {t('accessRequests.refuse')}
        </button>
      </p>
      <ConfirmDialog
        open={refusing}
        title={t('accessRequests.confirmRefuse')}
        confirmLabel={t('accessRequests.refuse')}
        onConfirm={() => decide('refuse')}
        onCancel={() => setRefusing(false)}
        busy={busy}
      >
        <TextArea
          label={t('accessRequests.refuseReason')}
          value={reason}
          onChange={setReason}
          maxLength={500}
          required
        />
      </ConfirmDialog>
    </li>
  );
}

/**
 * Issue 18: the granters' inbox. The enterprise's open requests that this person could decide
 * now (the server filters them by power); each can be approved or refused here.
 */
export function AccessRequestInbox() {
  const { en = '' } = useParams();
  const { t } = useTranslation();
  const roles = useMyRoles(en);
  const name = roles.mine?.name ?? displayEnterprise(en);
  useTitle(t('accessRequests.inboxTitle'));
  const list = useApi<{ requests: AccessRequest[] }>(accessRequestsApi.inboxPath(en));
  const [message, setMessage] = useState<string | null>(null);
  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{name}</Link>
      </p>
      <h1>{t('accessRequests.inboxTitle')}</h1>
      <p>{t('accessRequests.inboxLead', { name })}</p>
      {message && <Alert kind="success">{message}</Alert>}
      {list.error !== undefined && <Alert kind="error">{errorMessage(t, list.error)}</Alert>}
      {list.data?.requests.length === 0 && <p>{t('accessRequests.inboxNone')}</p>}
      <ul className="plain-list">
        {list.data?.requests.map((r) => (
          <RequestItem
            key={r.id}
            en={en}
            r={r}
            onDone={(m) => {
              setMessage(m);
              list.reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
}
