import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation } from 'react-router-dom';
import { loginUrl } from '../api.ts';
import { languages, setLanguage } from '../i18n/index.ts';
import { displayName, useSession } from '../session.tsx';
import type { Lang } from '../types.ts';

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch">
      <label htmlFor="lang-select">{t('app.language')}</label>
      <select id="lang-select" value={i18n.language} onChange={(e) => setLanguage(e.target.value as Lang)}>
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, isLoading, hasExpired, logout } = useSession();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              BE
            </span>
            <span>
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <LanguageSwitch />
        </div>
        <nav className="site-nav" aria-label={t('app.menu')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.home')}
              </NavLink>
            </li>
            {!me?.person && (
              <li>
                <NavLink to="/exception/new">{t('nav.exception')}</NavLink>
              </li>
            )}
            {me && (
              <>
                <li>
                  <NavLink to="/enterprises">{t('nav.enterprises')}</NavLink>
                </li>
                <li>
                  <NavLink to="/my-access">{t('nav.myAccess')}</NavLink>
                </li>
                <li>
                  <NavLink to="/access-requests">{t('accessRequests.navMine')}</NavLink>
                </li>
              </>
            )}
          </ul>
          <div className="who">
            {me ? (
              <>
                <span className="who-name">
                  {t('app.loggedInAs', { name: displayName(me) })}{' '}
                  <span className="muted">({t('app.level', { level: t(`loa.${me.loa as 'low'}`) })})</span>
                </span>
                <button type="button" className="link-button" onClick={() => void logout()}>
                  {t('app.logout')}
                </button>
              </>
            ) : (
              !isLoading && (
                <a className="button small" href={loginUrl(here === '/' ? '/enterprises' : here)}>
                  {t('app.login')}
                </a>
              )
            )}
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {hasExpired && !me && (
          <div className="alert alert-info" role="alert">
            {t('app.sessionEnded')} <a href={loginUrl(here)}>{t('app.loginAgain')}</a>
          </div>
        )}
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
        <p>
          <a href="/docs">{t('app.apiDocs')}</a> · <Link to="/exception/follow">{t('exception.followLink')}</Link> ·{' '}
          <Link to="/service-desk">{t('nav.serviceDesk')}</Link>
        </p>
      </footer>
    </>
  );
}
