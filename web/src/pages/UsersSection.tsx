import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Field } from '../components/Field.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { dateInput, displayEstablishment, displayPerson, formatDate, inSentence, whoName } from '../format.ts';
import { useApi, useLocalised } from '../hooks.ts';
import type { Roles } from '../roles.ts';
import type { Domain, Grant, Managers } from '../types.ts';

export function UsersSection({
  en,
  roles,
  domains,
  managers,
}: {
  en: string;
  roles: Roles;
  domains: Domain[];
  managers?: Managers;
}) {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const [showAll, setShowAll] = useState(false);
  const grants = useApi<{ items: Grant[] }>(
    `/api/v1/enterprises/${en}/grants?limit=500${showAll ? '&status=all' : ''}`,
  );
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const [extending, setExtending] = useState<Grant | null>(null);
  const [newEnd, setNewEnd] = useState('');
  const [extendError, setExtendError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const services = useMemo(() => {
    const m = new Map<string, string>();
    for (const d of domains) for (const s of d.services) m.set(s.code, loc(s.name));
    return m;
  }, [domains, loc]);
  const serviceName = (g: Grant) => {
    const s = services.get(g.service) ?? g.service;
    const d = domains.find((x) => x.code === g.domain);
    const role = d?.services.find((x) => x.code === g.service)?.roles.find((r) => r.code === g.role);
    return role ? `${s} · ${loc(role.name)}` : s;
  };
  const domainName = (c: string) => {
    const d = domains.find((x) => x.code === c);
    return d ? loc(d.name) : c;
  };
  const canManage = (g: Grant) => roles.isMain || roles.isCoMain || roles.managedDomains.includes(g.domain);
  const personName = (g: Grant) => g.name ?? displayPerson(g.person);

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    try {
      await call(client.DELETE('/api/v1/enterprises/{en}/grants/{id}', { params: { path: { en, id: revoking.id } } }));
      setMessage({
        kind: 'success',
        text: t('dashboard.revoked', { name: personName(revoking), service: serviceName(revoking) }),
      });
      grants.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(t, e) });
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  };

  const extend = async () => {
    if (!extending) return;
    setBusy(true);
    try {
      await call(
        client.PATCH('/api/v1/enterprises/{en}/grants/{id}', {
          params: { path: { en, id: extending.id } },
          body: { validUntil: newEnd || null },
        }),
      );
      setMessage({ kind: 'success', text: t('dashboard.extended') });
      setExtending(null);
      grants.reload();
    } catch (e) {
      setExtendError(e);
    } finally {
      setBusy(false);
    }
  };

  const items = grants.data?.items ?? [];
  return (
    <section aria-labelledby="users-title" className="card">
      <h2 id="users-title">{t('dashboard.users')}</h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <p className="actions">
        <Link className="button" to={`/enterprises/${en}/grants/new`}>
          {t('dashboard.grant')}
        </Link>
        <label className="inline-check">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />{' '}
          {t('dashboard.showAll')}
        </label>
      </p>
      {grants.error !== undefined && <Alert kind="error">{errorMessage(t, grants.error)}</Alert>}
      {items.length === 0 && !grants.isLoading && <p>{t('dashboard.noUsers')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('dashboard.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.person')}</th>
                <th scope="col">{t('dashboard.service')}</th>
                <th scope="col">{t('dashboard.validity')}</th>
                <th scope="col">{t('dashboard.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((g) => (
                <tr key={g.id} className={g.isActive ? '' : 'ended'}>
                  <td data-label={t('dashboard.person')}>
                    <strong>{personName(g)}</strong>
                    <div className="small muted">{displayPerson(g.person)}</div>
                  </td>
                  <td data-label={t('dashboard.service')}>
                    {serviceName(g)}
                    <div className="small muted">
                      {domainName(g.domain)} ·{' '}
                      {t('dashboard.grantedBy', {
                        who: whoName(g.grantedBy, g.grantedByName, managers),
                        role: inSentence(t(`roles.${g.grantedByRole as 'main'}`), i18n.language),
                      })}
                    </div>
                    {g.establishments.length > 0 && (
                      <div className="small">
                        {t('establishments.only', { units: g.establishments.map(displayEstablishment).join(', ') })}
                      </div>
                    )}
                  </td>
                  <td data-label={t('dashboard.validity')}>
                    {g.revokedAt
                      ? `${t('dashboard.inactive')} ${formatDate(g.revokedAt, i18n.language)}`
                      : g.validUntil
                        ? t('app.until', { date: formatDate(g.validUntil, i18n.language) })
                        : t('app.noEnd')}
                  </td>
                  <td data-label={t('dashboard.actions')}>
                    {g.isActive && canManage(g) && (
                      <span className="row-actions">
                        <button
                          type="button"
                          className="secondary small"
                          onClick={() => {
                            setExtending(g);
                            setNewEnd(dateInput(g.validUntil));
                            setExtendError(undefined);
                          }}
                          aria-label={`${t('dashboard.extend')}: ${personName(g)}, ${serviceName(g)}`}
                        >
                          {t('dashboard.extend')}
                        </button>
                        <button
                          type="button"
                          className="danger small"
                          onClick={() => setRevoking(g)}
                          aria-label={`${t('dashboard.revoke')}: ${personName(g)}, ${serviceName(g)}`}
                        >
                          {t('dashboard.revoke')}
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <ConfirmDialog
        open={revoking !== null}
        confirmLabel={t('confirm.confirmRevoke')}
        onConfirm={() => void revoke()}
        onCancel={() => setRevoking(null)}
        busy={busy}
      >
        {revoking && <p>{t('confirm.revoke', { name: personName(revoking), service: serviceName(revoking) })}</p>}
      </ConfirmDialog>

      <ConfirmDialog
        open={extending !== null}
        title={t('dashboard.extend')}
        confirmLabel={t('app.save')}
        isDestructive={false}
        onConfirm={() => void extend()}
        onCancel={() => setExtending(null)}
        busy={busy}
      >
        {extending && (
          <>
            <p>
              {personName(extending)} · {serviceName(extending)}
            </p>
            {extendError !== undefined && !fieldError(t, extendError, 'validUntil') && (
              <Alert kind="error">{errorMessage(t, extendError)}</Alert>
            )}
            <Field
              label={t('dashboard.newEnd')}
              type="date"
              value={newEnd}
              onChange={setNewEnd}
              error={fieldError(t, extendError, 'validUntil')}
            />
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
