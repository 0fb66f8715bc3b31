import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Alert } from '../components/Alert.tsx';
import { errorMessage } from '../errors.ts';
import { displayEnterprise, displayPerson, localName } from '../format.ts';
import { useApi, useDomains, useTitle } from '../hooks.ts';
import { useMyRoles } from '../roles.ts';
import type { Enterprise, IneligibleAppointments, Managers } from '../types.ts';
import { ManagersSection } from './ManagersSection.tsx';
import { UsersSection } from './UsersSection.tsx';

export function enterpriseName(e: Enterprise | undefined, fallback: string, lang: string): string {
  return localName(e?.names, lang) ?? fallback;
}

/**
 * For the legal representatives: who among the main and co-main access managers the registers no
 * longer back, at the top of the page, since only they (for the main) can put it right.
 */
const isRole = (k: string): k is 'main' | 'co_main' | 'domain' => k === 'main' || k === 'co_main' || k === 'domain';

function IneligibleSummary({ data }: { data: IneligibleAppointments }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="ineligible-title" className="card warn-card">
      <h2 id="ineligible-title">{t('dashboard.ineligibleTitle')}</h2>
      <p>{t('dashboard.ineligibleIntro')}</p>
      <ul>
        {data.items.map((a) => (
          <li key={a.id}>
            <strong>{a.name ?? displayPerson(a.person)}</strong>
            {isRole(a.kind) && ` (${t(`roles.${a.kind}`)})`}: {t(`dashboard.ineligible.${a.reason}`)}
          </li>
        ))}
      </ul>
      <p>{t('dashboard.ineligibleAction')}</p>
    </section>
  );
}

export function Dashboard() {
  const { en = '' } = useParams();
  const { t, i18n } = useTranslation();
  const roles = useMyRoles(en);
  const domains = useDomains();
  const enterprise = useApi<Enterprise>(`/api/v1/enterprises/${en}`);
  const canSeeManagers = roles.isLr || roles.isManager;
  const managers = useApi<Managers>(canSeeManagers ? `/api/v1/enterprises/${en}/access-managers` : null);
  // Same readers as the managers list; a failure here only hides the warnings, the list still shows.
  const ineligible = useApi<IneligibleAppointments>(
    canSeeManagers ? `/api/v1/enterprises/${en}/ineligible-appointments` : null,
  );
  const flagged = new Map((ineligible.data?.items ?? []).map((a) => [a.id, a.reason]));
  const reloadManagers = () => {
    managers.reload();
    ineligible.reload();
  };
  // the register's names in the page's language, once loaded (issue 14, item 5)
  const name = enterprise.data
    ? enterpriseName(enterprise.data, displayEnterprise(en), i18n.language)
    : (roles.mine?.name ?? displayEnterprise(en));
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
      {roles.isLr && ineligible.data && ineligible.data.items.length > 0 && (
        <IneligibleSummary data={ineligible.data} />
      )}
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
        {(roles.isLr || roles.isMain || roles.isCoMain) && (
          <Link className="button secondary" to={`/enterprises/${en}/management`}>
            {t('management.title')}
          </Link>
        )}
        {(roles.isLr || roles.isMain || roles.isCoMain) && (
          <Link className="button secondary" to={`/enterprises/${en}/register-reviews`}>
            {t('registerReviews.title')}
          </Link>
        )}
        {roles.isManager && (
          <Link className="button secondary" to={`/enterprises/${en}/access-requests`}>
            {t('accessRequests.inboxLink')}
          </Link>
        )}
        {(roles.isLr || roles.isManager) && (
          <Link className="button secondary" to={`/enterprises/${en}/mandates`}>
            {t('mandates.title')}
          </Link>
        )}
        {roles.isManager && (
          <Link className="button secondary" to={`/enterprises/${en}/system-users`}>
            {t('systemUsers.link')}
          </Link>
        )}
        {(roles.isMain || roles.isCoMain) && (
          <Link className="button secondary" to={`/enterprises/${en}/systems`}>
            {t('systems.link')}
          </Link>
        )}
      </p>
      {managers.error !== undefined && <Alert kind="error">{errorMessage(t, managers.error)}</Alert>}
      {managers.isLoading && <p aria-live="polite">{t('app.loading')}</p>}
      {managers.data && (
        <ManagersSection
          en={en}
          data={managers.data}
          roles={roles}
          domains={domains}
          flagged={flagged}
          onChange={reloadManagers}
        />
      )}
      {roles.isManager ? (
        <UsersSection en={en} roles={roles} domains={domains} managers={managers.data} />
      ) : (
        roles.isLr && <p className="card note">{t('dashboard.notManager')}</p>
      )}
    </div>
  );
}
