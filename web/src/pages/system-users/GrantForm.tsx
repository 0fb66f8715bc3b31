import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call, client } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field, FieldFrame } from '../../components/Field.tsx';
import { errorMessage, fieldError } from '../../errors.ts';
import { formatDate } from '../../format.ts';
import { useLocalised } from '../../hooks.ts';
import { useServiceName } from '../../service-name.ts';
import type { Domain, SystemUser } from '../../types.ts';
import { EstablishmentPicker } from '../EstablishmentPicker.tsx';

/** Grant one of the services the vendor listed for the system, with an optional role and end date. */
export function GrantForm({
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
