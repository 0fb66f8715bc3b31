import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { capacityName } from '../capacity-name.ts';
import { displayEnterprise, displayPerson } from '../format.ts';
import { useApi, useDomains, useLocalised } from '../hooks.ts';
import { useSession } from '../session.tsx';
import type { Domain, MyClient } from '../types.ts';

/** The enterprises the logged-in person acts for through mandates (GET /me/clients). */
export function useMyClients() {
  return useApi<{ items: MyClient[] }>('/api/v1/me/clients?limit=100');
}

export function domainNamer(domains: Domain[], loc: (l: Domain['name']) => string) {
  return (code: string) => {
    const d = domains.find((x) => x.code === code);
    return d ? loc(d.name) : code;
  };
}

export function serviceNamer(domains: Domain[], loc: (l: Domain['name']) => string) {
  return (code: string) => {
    for (const d of domains) {
      const s = d.services.find((x) => x.code === code);
      if (s) return loc(s.name);
    }
    return code;
  };
}

/**
 * "I act for these clients, through this mandate" (issue 16, item 1): for each client, the
 * office whose mandate carries it, the services the person uses there and the domains they
 * manage as client manager, with the way to give access under that mandate.
 */
export function MyClients({ items }: { items: MyClient[] }) {
  const { t } = useTranslation();
  const domains = useDomains();
  const loc = useLocalised();
  const domainName = domainNamer(domains, loc);
  const serviceName = serviceNamer(domains, loc);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="my-clients">
      <h2 id="my-clients">{t('clients.title')}</h2>
      <p className="muted">{t('clients.intro')}</p>
      {items.map((c) => {
        const name = c.name ?? displayEnterprise(c.enterprise);
        return (
          <article key={c.enterprise} className="card" aria-labelledby={`client-${c.enterprise}`}>
            <h3 id={`client-${c.enterprise}`}>
              {name} <span className="muted small">{displayEnterprise(c.enterprise)}</span>
            </h3>
            {c.mandates.map((m) => (
              <div key={m.id}>
                <p>
                  {t('clients.through', { office: m.mandataryName ?? displayEnterprise(m.mandatary) })}
                  {m.capacity && ` (${t('mandates.asCapacity', { capacity: capacityName(t, m.capacity) })})`}
                </p>
                {c.managedDomains.length > 0 && (
                  <p className="actions">
                    <Link
                      className="button secondary"
                      to={`/enterprises/${m.mandatary}/mandates/${m.id}/grants/new?client=${c.enterprise}`}
                    >
                      {t('clients.grantLink')}
                    </Link>
                  </p>
                )}
              </div>
            ))}
            <ul className="tags">
              {c.managedDomains.map((d) => (
                <li key={`d-${d}`} className="tag">
                  {t('clients.manager', { domain: domainName(d) })}
                </li>
              ))}
              {c.services.map((s) => (
                <li key={`s-${s}`} className="tag">
                  {serviceName(s)}
                </li>
              ))}
            </ul>
          </article>
        );
      })}
    </section>
  );
}

/** What a person with no role yet can do (issue 16, item 5), instead of an empty page. */
export function NoRole() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <section aria-labelledby="no-role" className="card note">
      <h2 id="no-role">{t('noRole.title')}</h2>
      <h3>{t('noRole.askTitle')}</h3>
      <p>{t('noRole.askText', { number: displayPerson(me?.person) })}</p>
      <h3>{t('noRole.lrTitle')}</h3>
      <p>{t('noRole.lrText')}</p>
      <h3>{t('noRole.exceptionTitle')}</h3>
      <p>
        {t('noRole.exceptionText')} <Link to="/exception/new">{t('exception.title')}</Link>
      </p>
    </section>
  );
}
