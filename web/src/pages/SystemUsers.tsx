import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Alert } from '../components/Alert.tsx';
import { errorMessage } from '../errors.ts';
import { displayEnterprise } from '../format.ts';
import { useApi, useDomains, useTitle } from '../hooks.ts';
import { useMyRoles } from '../roles.ts';
import type { SystemUser } from '../types.ts';
import { SystemUserRequestInbox } from './SystemUserRequests.tsx';
import { AddSystemUser } from './system-users/AddSystemUser.tsx';
import { SystemUserCard } from './system-users/SystemUserCard.tsx';

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
