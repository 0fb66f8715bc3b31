import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, client } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { errorMessage } from '../../errors.ts';
import { displayEnterprise, displayEstablishment, formatDate } from '../../format.ts';
import { useServiceName } from '../../service-name.ts';
import type { Domain, SystemUser } from '../../types.ts';
import { GrantForm } from './GrantForm.tsx';

type SystemGrant = SystemUser['grants'][number];

/** One system user: its grants (each revocable), a form to grant another, and ending it. */
export function SystemUserCard({
  en,
  user,
  domains,
  canEnd,
  onChange,
}: {
  en: string;
  user: SystemUser;
  domains: Domain[];
  canEnd: boolean;
  onChange(message: string): void;
}) {
  const { t, i18n } = useTranslation();
  const serviceName = useServiceName(domains);
  const [revoking, setRevoking] = useState<SystemGrant | null>(null);
  const [ending, setEnding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const grants = user.grants.filter((g) => !g.revokedAt);
  const headingId = `su-${user.id}`;

  const revoke = async (g: SystemGrant) => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        client.DELETE('/api/v1/enterprises/{en}/system-users/{id}/grants/{grantId}', {
          params: { path: { en, id: user.id, grantId: g.id } },
        }),
      );
      setRevoking(null);
      onChange(t('systemUsers.revoked', { service: serviceName(g.service, g.role), system: user.system.name }));
    } catch (e) {
      setRevoking(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const end = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        client.DELETE('/api/v1/enterprises/{en}/system-users/{id}', { params: { path: { en, id: user.id } } }),
      );
      setEnding(false);
      onChange(t('systemUsers.ended', { system: user.system.name }));
    } catch (e) {
      setEnding(false);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{user.system.name}</h2>
      <p className="muted small">
        {t('systemUsers.vendor', { vendor: displayEnterprise(user.system.vendor) })} ·{' '}
        {t('app.since', { date: formatDate(user.createdAt, i18n.language) })}
      </p>
      {user.mandate && (
        <p>
          {t('systemUsers.underMandate', {
            holder: user.mandate.mandataryName,
            number: displayEnterprise(user.mandate.mandatary),
          })}
        </p>
      )}
      {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      <h3>{t('systemUsers.grantsTitle')}</h3>
      {grants.length === 0 ? (
        <p className="muted">{t('systemUsers.noGrants')}</p>
      ) : (
        <ul>
          {grants.map((g) => (
            <li key={g.id}>
              <strong>{serviceName(g.service, g.role)}</strong>{' '}
              {g.validUntil ? t('app.until', { date: formatDate(g.validUntil, i18n.language) }) : t('app.noEnd')}{' '}
              {g.establishments.length > 0 && (
                <span className="small">
                  {t('establishments.only', { units: g.establishments.map(displayEstablishment).join(', ') })}{' '}
                </span>
              )}
              {!user.mandate && (
                <button type="button" className="link-button" onClick={() => setRevoking(g)}>
                  {t('systemUsers.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {/* under a mandate, its access is the holder's to manage (the API refuses it here) */}
      {!user.mandate && <GrantForm en={en} user={user} domains={domains} onGranted={onChange} />}
      {canEnd && (
        <p className="actions">
          <button type="button" className="danger" onClick={() => setEnding(true)}>
            {t('systemUsers.end')}
          </button>
        </p>
      )}
      <ConfirmDialog
        open={revoking !== null}
        confirmLabel={t('systemUsers.revoke')}
        busy={busy}
        onConfirm={() => revoking && void revoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        <p>
          {revoking &&
            t('systemUsers.confirmRevoke', {
              service: serviceName(revoking.service, revoking.role),
              system: user.system.name,
            })}
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={ending}
        confirmLabel={t('systemUsers.end')}
        busy={busy}
        onConfirm={() => void end()}
        onCancel={() => setEnding(false)}
      >
        <p>{t('systemUsers.confirmEnd', { system: user.system.name })}</p>
      </ConfirmDialog>
    </section>
  );
}
