import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type Answer, ApiError, call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Field, FieldFrame } from '../components/Field.tsx';
import { type System, SystemSearchForm, useSystemSearch } from '../components/SystemSearch.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, displayEstablishment, formatDate } from '../format.ts';
import { useApi, useDomains, useLocalised, useTitle } from '../hooks.ts';
import { useMyRoles } from '../roles.ts';
import { useServiceName } from '../service-name.ts';
import type { Domain } from '../types.ts';
import { EstablishmentPicker } from './EstablishmentPicker.tsx';
import { SystemUserRequestInbox } from './SystemUserRequests.tsx';

type SystemUser = Answer<'/api/v1/enterprises/{en}/system-users'>['systemUsers'][number];
type SystemGrant = SystemUser['grants'][number];

/**
 * An enterprise's system users (issue 18, section 2): software acting for it, granted online
 * services as a person is. Its managers find a registered system by name or client id and let it
 * act; the API checks each power again (creating: any manager; granting: the service's domain;
 * ending: main or co-main).
 */
export function SystemUsers() {
  const { en = '' } = useParams();
  const { t } = useTranslation();
  const roles = useMyRoles(en);
  const domains = useDomains();
  useTitle(t('systemUsers.title'));
  const list = useApi<{ systemUsers: SystemUser[] }>(`/api/v1/enterprises/${en}/system-users`);
  const [done, setDone] = useState('');
  const changed = (message: string) => {
    setDone(message);
    list.reload();
  };
  const active = (list.data?.systemUsers ?? []).filter((u) => !u.endedAt);

  return (
    <section>
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{t('systemUsers.back', { enterprise: displayEnterprise(en) })}</Link>
      </p>
      <h1>{t('systemUsers.title')}</h1>
      <p>{t('systemUsers.intro')}</p>
      {done && (
        <Alert kind="success">
          <span aria-live="polite">{done}</span>
        </Alert>
      )}
      {list.error !== undefined && <Alert kind="error">{errorMessage(t, list.error)}</Alert>}
      <SystemUserRequestInbox en={en} onDecided={changed} />
      {list.isLoading && <p aria-live="polite">{t('app.loading')}</p>}
      {list.data && active.length === 0 && <p className="muted">{t('systemUsers.none')}</p>}
      {active.map((u) => (
        <SystemUserCard
          key={u.id}
          en={en}
          user={u}
          domains={domains}
          canEnd={(roles.isMain || roles.isCoMain) && !u.mandate}
          onChange={changed}
        />
      ))}
      <AddSystemUser en={en} onAdded={changed} />
    </section>
  );
}

function SystemUserCard({
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

/** Grant one of the services the vendor listed for the system, with an optional role and end date. */
function GrantForm({
  en,
  user,
  domains,
  onGranted,
}: {
  en: string;
  user: SystemUser;
  domains: Domain[];
  onGranted(message: string): void;
}) {
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const serviceName = useServiceName(domains);
  const [service, setService] = useState('');
  const [role, setRole] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [units, setUnits] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const catalogued = domains.flatMap((d) => d.services).find((s) => s.code === service);
  const code = error instanceof ApiError ? error.code : '';
  const serviceError =
    fieldError(t, error, 'service') ??
    (['system_user.service_not_offered', 'grant.unknown_service', 'grant.managed_elsewhere'].includes(code) ||
    code.startsWith('authorization.')
      ? errorMessage(t, error)
      : undefined);
  const roleError =
    fieldError(t, error, 'role') ?? (code === 'grant.unknown_role' ? errorMessage(t, error) : undefined);
  const dateError =
    fieldError(t, error, 'validUntil') ??
    (code.startsWith('term.') || code.startsWith('date.') ? errorMessage(t, error) : undefined);
  const unitsError =
    fieldError(t, error, 'establishments') ??
    (code.startsWith('grant.establishment_') ? errorMessage(t, error) : undefined);
  const general = error !== undefined && !serviceError && !roleError && !dateError && !unitsError;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await call(
        client.POST('/api/v1/enterprises/{en}/system-users/{id}/grants', {
          params: { path: { en, id: user.id } },
          body: {
            service,
            ...(role ? { role } : {}),
            ...(validUntil ? { validUntil } : {}),
            ...(units.length ? { establishments: units } : {}),
          },
        }),
      );
      setService('');
      setRole('');
      setValidUntil('');
      setUnits([]);
      onGranted(
        t('systemUsers.granted', {
          service: serviceName(r.grant.service, r.grant.role),
          system: user.system.name,
          until: r.grant.validUntil ? formatDate(r.grant.validUntil, i18n.language) : t('app.noEnd'),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t('systemUsers.grantTitle')}</h3>
      {general && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      <FieldFrame label={t('systemUsers.service')} error={serviceError} required>
        {(id, a11y) => (
          <select
            id={id}
            value={service}
            onChange={(e) => {
              setService(e.target.value);
              setRole('');
            }}
            required
            {...a11y}
          >
            <option value="">{t('systemUsers.chooseService')}</option>
            {user.system.services.map((s) => (
              <option key={s} value={s}>
                {serviceName(s)}
              </option>
            ))}
          </select>
        )}
      </FieldFrame>
      {catalogued && catalogued.roles.length > 0 && (
        <FieldFrame label={t('systemUsers.role')} error={roleError}>
          {(id, a11y) => (
            <select id={id} value={role} onChange={(e) => setRole(e.target.value)} {...a11y}>
              <option value="">{t('systemUsers.allRoles')}</option>
              {catalogued.roles.map((r) => (
                <option key={r.code} value={r.code}>
                  {loc(r.name)}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
      )}
      <Field
        label={t('systemUsers.validUntil')}
        hint={t('systemUsers.validUntilHint')}
        type="date"
        value={validUntil}
        onChange={setValidUntil}
        error={dateError}
      />
      <EstablishmentPicker en={en} value={units} onChange={setUnits} error={unitsError} />
      <p className="actions">
        <button type="submit" disabled={busy}>
          {t('systemUsers.grant')}
        </button>
      </p>
    </form>
  );
}

/** Find a registered system by a part of its name or an exact client id, and let it act here. */
function AddSystemUser({ en, onAdded }: { en: string; onAdded(message: string): void }) {
  const { t } = useTranslation();
  const search = useSystemSearch();
  const { found } = search;
  const [adding, setAdding] = useState<System | null>(null);
  const [busy, setBusy] = useState(false);
  const [addError, setAddError] = useState<unknown>();

  const add = async (s: System) => {
    setBusy(true);
    setAddError(undefined);
    try {
      await call(
        client.POST('/api/v1/enterprises/{en}/system-users', { params: { path: { en } }, body: { system: s.id } }),
      );
      setAdding(null);
      search.clear({ query: true });
      onAdded(t('systemUsers.created', { system: s.name }));
    } catch (e) {
      setAdding(null);
      setAddError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="add-system-user">
      <h2 id="add-system-user">{t('systemUsers.addTitle')}</h2>
      <SystemSearchForm search={search} required />
      {addError !== undefined && <Alert kind="error">{errorMessage(t, addError)}</Alert>}
      {found && found.length === 0 && <p aria-live="polite">{t('systemUsers.notFound')}</p>}
      {found && found.length > 0 && (
        <ul aria-live="polite">
          {found.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong>{' '}
              <span className="muted small">
                {t('systemUsers.vendor', { vendor: displayEnterprise(s.vendor) })} · {s.clientIds.join(', ')}
              </span>{' '}
              <button type="button" onClick={() => setAdding(s)}>
                {t('systemUsers.add')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={adding !== null}
        isDestructive={false}
        confirmLabel={t('systemUsers.add')}
        busy={busy}
        onConfirm={() => adding && void add(adding)}
        onCancel={() => setAdding(null)}
      >
        <p>
          {adding && t('systemUsers.confirmAdd', { system: adding.name, vendor: displayEnterprise(adding.vendor) })}
        </p>
      </ConfirmDialog>
    </section>
  );
}
