import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { FieldFrame } from '../components/Field.tsx';
import { SystemSearchForm, useSystemSearch } from '../components/SystemSearch.tsx';
import { errorMessage } from '../errors.ts';
import { displayEnterprise } from '../format.ts';
import { useApi, useDomains } from '../hooks.ts';
import { useServiceName } from '../service-name.ts';

type SystemUser = Answer<'/api/v1/enterprises/{en}/mandates/{id}/system-users'>['systemUsers'][number];
type Scope = { domain: string; service: string | null }[];

/**
 * On the holder's side of a mandate (issue 18, section 2): the software it lets act for the client,
 * within the mandate. Find a registered system and add it, give it services the mandate covers,
 * end it. The API checks the holder's power, the mandate and its scope at each change.
 */
export function MandateSystemUsers({
  en,
  id,
  active,
  scope,
}: {
  en: string;
  id: string;
  active: boolean;
  scope: Scope;
}) {
  const { t } = useTranslation();
  const domains = useDomains();
  const serviceName = useServiceName(domains);
  const list = useApi<{ systemUsers: SystemUser[] }>(`/api/v1/enterprises/${en}/mandates/${id}/system-users`);
  const systems = useSystemSearch();
  const { found } = systems;
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const path = { params: { path: { en, id } } };
  const covered = (code: string) => {
    const domain = domains.find((d) => d.services.some((s) => s.code === code))?.code;
    return scope.some((s) => s.domain === domain && (!s.service || s.service === code));
  };
  const act = async (f: () => Promise<unknown>, message: string) => {
    setError(undefined);
    setDone('');
    try {
      await f();
      setDone(message);
      systems.clear();
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const users = (list.data?.systemUsers ?? []).filter((u) => !u.endedAt);

  return (
    <section className="card" aria-labelledby="mandate-systems">
      <h2 id="mandate-systems">{t('mandateSystemUsers.title')}</h2>
      <p>{t('mandateSystemUsers.intro')}</p>
      {done && (
        <Alert kind="success">
          <span aria-live="polite">{done}</span>
        </Alert>
      )}
      {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      {list.data && users.length === 0 && <p className="muted">{t('mandateSystemUsers.none')}</p>}
      {users.map((u) => (
        <div key={u.id}>
          <h3>{u.system.name}</h3>
          <p className="muted small">{t('systemUsers.vendor', { vendor: displayEnterprise(u.system.vendor) })}</p>
          <ul>
            {u.grants
              .filter((g) => !g.revokedAt)
              .map((g) => (
                <li key={g.id}>{serviceName(g.service, g.role)}</li>
              ))}
          </ul>
          {active && (
            <GrantUnderMandate
              services={u.system.services.filter(covered)}
              serviceName={serviceName}
              onGrant={(service) =>
                act(
                  () =>
                    call(
                      client.POST('/api/v1/enterprises/{en}/mandates/{id}/system-users/{su}/grants', {
                        params: { path: { en, id, su: u.id } },
                        body: { service },
                      }),
                    ),
                  t('mandateSystemUsers.granted', { system: u.system.name, service: serviceName(service) }),
                )
              }
            />
          )}
          <p className="actions">
            <button
              type="button"
              className="danger"
              onClick={() =>
                void act(
                  () =>
                    call(
                      client.DELETE('/api/v1/enterprises/{en}/mandates/{id}/system-users/{su}', {
                        params: { path: { en, id, su: u.id } },
                      }),
                    ),
                  t('mandateSystemUsers.ended', { system: u.system.name }),
                )
              }
            >
              {t('mandateSystemUsers.end', { system: u.system.name })}
            </button>
          </p>
        </div>
      ))}
      {active && <SystemSearchForm search={systems} />}
      {found && found.length === 0 && <p className="muted">{t('systemUsers.notFound')}</p>}
      {found?.map((s) => (
        <p key={s.id}>
          <strong>{s.name}</strong> · {t('systemUsers.vendor', { vendor: displayEnterprise(s.vendor) })}{' '}
          <button
            type="button"
            onClick={() =>
              void act(
                () =>
                  call(
                    client.POST('/api/v1/enterprises/{en}/mandates/{id}/system-users', {
                      ...path,
                      body: { system: s.id },
                    }),
                  ),
                t('mandateSystemUsers.added', { system: s.name }),
              )
            }
          >
            {t('mandateSystemUsers.add', { system: s.name })}
          </button>
        </p>
      ))}
    </section>
  );
}

function GrantUnderMandate({
  services,
  serviceName,
  onGrant,
}: {
  services: string[];
  serviceName(code: string): string;
  onGrant(service: string): Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [service, setService] = useState('');
  if (services.length === 0) return null;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (service) void onGrant(service).then(() => setService(''));
      }}
    >
      <FieldFrame label={t('mandateSystemUsers.service')}>
        {(fid, a11y) => (
          <select id={fid} value={service} onChange={(e) => setService(e.target.value)} {...a11y}>
            <option value="">{t('systemUsers.chooseService')}</option>
            {services.map((s) => (
              <option key={s} value={s}>
                {serviceName(s)}
              </option>
            ))}
          </select>
        )}
      </FieldFrame>
      <p className="actions">
        <button type="submit" disabled={!service}>
          {t('systemUsers.grant')}
        </button>
      </p>
    </form>
  );
}
