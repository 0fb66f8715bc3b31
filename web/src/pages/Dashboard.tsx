import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Alert } from '../components/Alert.tsx';
import { errorMessage } from '../errors.ts';
import { displayEnterprise } from '../format.ts';
import { useApi, useDomains, useTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';
import type { Enterprise, Managers } from '../types.ts';
import { ManagersSection } from './ManagersSection.tsx';
import { UsersSection } from './UsersSection.tsx';

/** What the logged-in person may do here, read from /me (the server decides again on each call). */
export function useMyRoles(en: string) {
  const { me } = useSession();
  const mine = me?.enterprises.find((e) => e.enterprise === en);
  const roles = mine?.roles ?? [];
  const isLr = roles.some((r) => r.role === 'legal_representative');
  const isMain = roles.some((r) => r.role === 'main');
  const isCoMain = roles.some((r) => r.role === 'co_main');
  const managedDomains = roles.filter((r) => r.role === 'domain' && r.domain).map((r) => r.domain as string);
  return { mine, isLr, isMain, isCoMain, managedDomains, isManager: isMain || isCoMain || managedDomains.length > 0 };
}

export function enterpriseName(e: Enterprise | undefined, fallback: string): string {
  return e?.names[0]?.name ?? fallback;
}

export function Dashboard() {
  const { en = '' } = useParams();
  const { t } = useTranslation();
  const roles = useMyRoles(en);
  const domains = useDomains();
  const enterprise = useApi<Enterprise>(`/api/v1/enterprises/${en}`);
  const canSeeManagers = roles.isLr || roles.isManager;
  const managers = useApi<Managers>(canSeeManagers ? `/api/v1/enterprises/${en}/access-managers` : null);
  const name = roles.mine?.name ?? enterpriseName(enterprise.data, displayEnterprise(en));
  useTitle(name);

  return (
    <div>
      <p className="breadcrumb">
        <Link to="/enterprises">{t('nav.enterprises')}</Link>
      </p>
      <h1>{name}</h1>
      <p className="muted">{t('dashboard.enterpriseNumber', { number: displayEnterprise(en) })}</p>
      {enterprise.data && !enterprise.data.status.isActive && <Alert kind="info">{t('enterprises.stopped')}</Alert>}
      {enterprise.error !== undefined && <Alert kind="error">{errorMessage(t, enterprise.error)}</Alert>}
      <p className="actions">
        {roles.isLr && (
          <Link className="button" to={`/enterprises/${en}/main`}>
            {managers.data?.main ? t('dashboard.replaceMain') : t('dashboard.appointMain')}
          </Link>
        )}
        {(roles.isLr || roles.isMain || roles.isCoMain) && (
          <Link className="button secondary" to={`/enterprises/${en}/audit`}>
            {t('dashboard.audit')}
          </Link>
        )}
      </p>
      {managers.error !== undefined && <Alert kind="error">{errorMessage(t, managers.error)}</Alert>}
      {managers.isLoading && <p aria-live="polite">{t('app.loading')}</p>}
      {managers.data && (
        <ManagersSection en={en} data={managers.data} roles={roles} domains={domains} onChange={managers.reload} />
      )}
      {roles.isManager ? (
        <UsersSection en={en} roles={roles} domains={domains} managers={managers.data} />
      ) : (
        roles.isLr && <p className="card note">{t('dashboard.notManager')}</p>
      )}
    </div>
  );
}
