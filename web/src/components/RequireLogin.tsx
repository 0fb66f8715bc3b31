import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { loginUrl } from '../api.ts';
import { useSession } from '../session.tsx';

export function RequireLogin({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, isLoading } = useSession();
  const location = useLocation();
  if (isLoading) return <p aria-live="polite">{t('app.loading')}</p>;
  if (!me)
    return (
      <section className="card narrow">
        <h1>{t('app.loginNeededTitle')}</h1>
        <p>{t('app.loginNeededBody')}</p>
        <a className="button" href={loginUrl(`${location.pathname}${location.search}`)}>
          {t('app.login')}
        </a>
      </section>
    );
  return <>{children}</>;
}
