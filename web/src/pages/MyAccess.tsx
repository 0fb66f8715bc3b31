import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Chain } from '../components/Chain.tsx';
import { displayEnterprise, formatDate } from '../format.ts';
import { useDomains, useLocalised, useTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { roleLabel } from './Enterprises.tsx';
import { MyClients, NoRole, useMyClients } from './MyClients.tsx';

export function MyAccess() {
  const { t, i18n } = useTranslation();
  const { me, refresh } = useSession();
  const domains = useDomains();
  const loc = useLocalised();
  const clients = useMyClients();
  useTitle(t('myAccess.title'));
  // Rights change while the page is closed (a grant accepted, an appointment ended): ask again.
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const domainName = (c: string) => {
    const d = domains.find((x) => x.code === c);
    return d ? loc(d.name) : c;
  };
  const serviceName = (code: string, role: string | null) => {
    for (const d of domains) {
      const s = d.services.find((x) => x.code === code);
      if (s) {
        const r = s.roles.find((x) => x.code === role);
        return r ? `${loc(s.name)} · ${loc(r.name)}` : loc(s.name);
      }
    }
    return code;
  };
  const list = (me?.enterprises ?? []).filter((e) => e.roles.length + e.services.length > 0);
  return (
    <section>
      <h1>{t('myAccess.title')}</h1>
      <p>{t('myAccess.lead')}</p>
      {list.length === 0 && clients.data?.items.length === 0 && <p className="card note">{t('myAccess.empty')}</p>}
      {list.length === 0 && clients.data?.items.length === 0 && <NoRole />}
      {list.map((e) => (
        <article key={e.enterprise} className="card" aria-labelledby={`e-${e.enterprise}`}>
          <h2 id={`e-${e.enterprise}`}>
            <Link to={`/enterprises/${e.enterprise}`}>{e.name}</Link>{' '}
            <span className="muted small">{displayEnterprise(e.enterprise)}</span>
          </h2>
          {e.roles.length > 0 && (
            <>
              <h3>{t('myAccess.roles')}</h3>
              <ul className="rights">
                {e.roles.map((r) => (
                  <li key={`${r.role}-${r.domain ?? ''}`}>
                    <strong>{roleLabel(t, r, domainName)}</strong>
                    {r.validUntil && (
                      <span className="muted">
                        {' '}
                        · {t('app.until', { date: formatDate(r.validUntil, i18n.language) })}
                      </span>
                    )}
                    <details>
                      <summary>{t('myAccess.why')}</summary>
                      <Chain links={r.chain} me={me?.person ?? null} domains={domains} />
                    </details>
                  </li>
                ))}
              </ul>
            </>
          )}
          {e.services.length > 0 && (
            <>
              <h3>{t('myAccess.services')}</h3>
              <ul className="rights">
                {e.services.map((s) => (
                  <li key={s.grant}>
                    <strong>{serviceName(s.service, s.role)}</strong>{' '}
                    <span className="muted">· {domainName(s.domain)}</span>
                    <span className="muted">
                      {' · '}
                      {s.validUntil
                        ? t('app.until', { date: formatDate(s.validUntil, i18n.language) })
                        : t('app.noEnd')}
                    </span>
                    <details>
                      <summary>{t('myAccess.why')}</summary>
                      <Chain links={s.chain} me={me?.person ?? null} domains={domains} />
                    </details>
                  </li>
                ))}
              </ul>
            </>
          )}
        </article>
      ))}
      <MyClients items={clients.data?.items ?? []} />
    </section>
  );
}
