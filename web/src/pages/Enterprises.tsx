import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router-dom';
import { displayEnterprise } from '../format.ts';
import { useDomains, useLocalised, useTitle } from '../hooks.ts';
import { displayName, useSession } from '../session.tsx';
import type { MyRole } from '../types.ts';
import { MyClients, NoRole, useMyClients } from './MyClients.tsx';

export function roleLabel(
  // a plain signature: the full TFunction type grows too deep for the compiler as the dictionaries grow
  // (docs/translation.md, "A key built at run time")
  t: (key: 'roles.main') => string,
  r: Pick<MyRole, 'role' | 'domain'>,
  domainName: (c: string) => string,
): string {
  const base = t(`roles.${r.role}` as 'roles.main');
  return r.domain ? `${base} · ${domainName(r.domain)}` : base;
}

export function Enterprises() {
  const { t } = useTranslation();
  const { me } = useSession();
  const domains = useDomains();
  const loc = useLocalised();
  const clients = useMyClients();
  useTitle(t('enterprises.title'));
  const domainName = (c: string) => {
    const d = domains.find((x) => x.code === c);
    return d ? loc(d.name) : c;
  };
  const list = me?.enterprises ?? [];
  // A person known only by an eIDAS identifier (issue 19) who holds no role and acts for no client
  // yet: no register lists them, so the exception procedure is the way in.
  const foreignWithoutRole =
    me?.person?.includes('/') === true && list.length === 0 && clients.data?.items.length === 0;
  if (me && (!me.person || foreignWithoutRole)) return <Navigate to="/exception/new" replace />;
  return (
    <section>
      <h1>{t('enterprises.title')}</h1>
      <p className="lead">{t('enterprises.hello', { name: displayName(me) })}</p>
      <p>{t('enterprises.lead')}</p>
      {list.length === 0 && clients.data?.items.length === 0 && <p className="card note">{t('enterprises.empty')}</p>}
      {list.length === 0 && clients.data?.items.length === 0 && <NoRole />}
      <ul className="enterprise-list">
        {list.map((e) => (
          <li key={e.enterprise} className="card">
            <h2>
              <Link to={`/enterprises/${e.enterprise}`} aria-label={t('enterprises.open', { name: e.name })}>
                {e.name}
              </Link>
            </h2>
            <p className="muted">
              {t('enterprises.number')} {displayEnterprise(e.enterprise)}
            </p>
            {!e.isActive && <p className="badge warn">{t('enterprises.stopped')}</p>}
            {e.roles.length > 0 && (
              <>
                <h3 className="small-heading">{t('enterprises.yourRoles')}</h3>
                <ul className="tags">
                  {e.roles.map((r) => (
                    <li key={`${r.role}-${r.domain ?? ''}`} className="tag">
                      {roleLabel(t, r, domainName)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {e.services.length > 0 && <p>{t('enterprises.services', { count: e.services.length })}</p>}
          </li>
        ))}
      </ul>
      <MyClients items={clients.data?.items ?? []} />
    </section>
  );
}
