import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { loginUrl } from '../api.ts';
import { useTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';

export function Landing() {
  const { t } = useTranslation();
  const { me } = useSession();
  useTitle(t('nav.home'));
  const who = [
    ['roles.legal_representative', 'landing.who.lr'],
    ['roles.main', 'landing.who.main'],
    ['roles.co_main', 'landing.who.coMain'],
    ['roles.domain', 'landing.who.domain'],
    ['roles.user', 'landing.who.user'],
    ['roles.service_desk', 'landing.who.desk'],
  ] as const;
  const steps = ['s1', 's2', 's3', 's4', 's5', 's6'] as const;
  return (
    <div className="landing">
      <section className="hero">
        <h1>{t('landing.title')}</h1>
        <p className="lead">{t('landing.lead')}</p>
        <p className="actions">
          {me ? (
            <Link className="button" to="/enterprises">
              {t('nav.enterprises')}
            </Link>
          ) : (
            <a className="button" href={loginUrl('/enterprises')}>
              {t('landing.ctaLogin')}
            </a>
          )}
          <a className="button secondary" href="#guide">
            {t('landing.ctaGuide')}
          </a>
        </p>
      </section>

      <section aria-labelledby="what">
        <h2 id="what">{t('landing.whatTitle')}</h2>
        <p>{t('landing.whatBody')}</p>
      </section>

      <section aria-labelledby="who">
        <h2 id="who">{t('landing.whoTitle')}</h2>
        <dl className="roles-grid">
          {who.map(([role, text]) => (
            <div key={role} className="card">
              <dt>{t(role)}</dt>
              <dd>{t(text)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="procedures">
        <h2 id="procedures">{t('landing.proceduresTitle')}</h2>
        <div className="two-col">
          <div className="card">
            <h3>{t('landing.standardTitle')}</h3>
            <p>{t('landing.standardBody')}</p>
          </div>
          <div className="card">
            <h3>{t('landing.exceptionTitle')}</h3>
            <p>{t('landing.exceptionBody')}</p>
          </div>
        </div>
      </section>

      <section aria-labelledby="systems">
        <h2 id="systems">{t('landing.systemsTitle')}</h2>
        <p>{t('landing.systemsLead')}</p>
        <div className="three-col">
          <div className="card">
            <h3>{t('landing.systems.btbTitle')}</h3>
            <p>{t('landing.systems.btbBody')}</p>
          </div>
          <div className="card">
            <h3>{t('landing.systems.ssTitle')}</h3>
            <p>{t('landing.systems.ssBody')}</p>
          </div>
          <div className="card">
            <h3>{t('landing.systems.otherTitle')}</h3>
            <p>{t('landing.systems.otherBody')}</p>
          </div>
        </div>
      </section>

      <section aria-labelledby="guide">
        <h2 id="guide" tabIndex={-1}>
          {t('landing.guideTitle')}
        </h2>
        <ol className="steps">
          {steps.map((s) => (
            <li key={s}>{t(`landing.guide.${s}`)}</li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="demo" className="card note">
        <h2 id="demo">{t('landing.demoTitle')}</h2>
        <p>{t('landing.demoBody')}</p>
      </section>
    </div>
  );
}
