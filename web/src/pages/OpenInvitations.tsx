import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { errorMessage } from '../errors.ts';
import { displayPerson, formatDate } from '../format.ts';
import { useApi, useDomains, useLocalised } from '../hooks.ts';

type OpenInvitations = Answer<'/api/v1/enterprises/{en}/invitations'>;
type OpenInvitation = OpenInvitations['items'][number];

/**
 * The invitations still waiting to be accepted, in the domains the person manages, with cancel
 * and resend (issue 13, finding 8): an invitation sent to the wrong address is withdrawn here.
 */
export function OpenInvitations({ en, round }: { en: string; round: number }) {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const domains = useDomains();
  const list = useApi<OpenInvitations>(`/api/v1/enterprises/${en}/invitations`);
  const { reload } = list;
  // the form above sent a new invitation: ask again
  useEffect(() => {
    if (round > 0) reload();
  }, [round, reload]);
  const [cancelling, setCancelling] = useState<OpenInvitation | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string | null>(null);
  const serviceName = (code: string) => {
    const s = domains.flatMap((d) => d.services).find((x) => x.code === code);
    return s ? loc(s.name) : code;
  };

  const act = async (inv: OpenInvitation, verb: 'cancel' | 'resend') => {
    setBusy(true);
    setError(undefined);
    try {
      const params = { path: { en, id: inv.id } };
      await call(
        verb === 'cancel'
          ? client.DELETE('/api/v1/enterprises/{en}/invitations/{id}', { params })
          : client.POST('/api/v1/enterprises/{en}/invitations/{id}/resend', { params, body: {} }),
      );
      setCancelling(null);
      setMessage(t(verb === 'cancel' ? 'invitations.cancelled' : 'invitations.resent', { email: inv.email }));
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="open-invitations">
      <h2 id="open-invitations">{t('invitations.title')}</h2>
      {message && <Alert kind="success">{message}</Alert>}
      {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      {list.error !== undefined && <Alert kind="error">{errorMessage(t, list.error)}</Alert>}
      {list.data?.items.length === 0 && <p>{t('invitations.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('invitations.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('invitations.invitee')}</th>
                <th scope="col">{t('fields.service')}</th>
                <th scope="col">{t('invitations.expires')}</th>
                <th scope="col">{t('dashboard.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((inv) => (
                <tr key={inv.id}>
                  <td data-label={t('invitations.invitee')}>
                    {inv.email}
                    {inv.person && <span className="muted small"> · {displayPerson(inv.person)}</span>}
                  </td>
                  <td data-label={t('fields.service')}>{serviceName(inv.service)}</td>
                  <td data-label={t('invitations.expires')}>{formatDate(inv.expiresAt, i18n.language)}</td>
                  <td data-label={t('dashboard.actions')}>
                    <div className="actions">
                      <button type="button" className="secondary" disabled={busy} onClick={() => act(inv, 'resend')}>
                        {t('invitations.resend')}
                      </button>
                      <button type="button" className="danger" disabled={busy} onClick={() => setCancelling(inv)}>
                        {t('invitations.cancel')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={cancelling !== null}
        confirmLabel={t('invitations.cancel')}
        busy={busy}
        onConfirm={() => cancelling && act(cancelling, 'cancel')}
        onCancel={() => setCancelling(null)}
      >
        <p>
          {cancelling &&
            t('invitations.cancelQuestion', { email: cancelling.email, service: serviceName(cancelling.service) })}
        </p>
      </ConfirmDialog>
    </section>
  );
}
