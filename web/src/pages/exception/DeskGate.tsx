import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { ApiError, loginUrl } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { errorMessage } from '../../errors.ts';

/**
 * What a service-desk page shows instead of its content when the API refuses: not an operator
 * (a clear statement, no data), a login too weak (a step-up), or anything else.
 */
export function DeskRefusal({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (error instanceof ApiError && error.code === 'authorization.not_operator')
    return (
      <section className="card narrow" aria-labelledby="not-operator">
        <h1 id="not-operator">{t('desk.notOperatorTitle')}</h1>
        <p>{t('desk.notOperatorBody')}</p>
      </section>
    );
  if (error instanceof ApiError && error.code === 'authentication.insufficient_assurance')
    return (
      <section className="card narrow warn-card" aria-labelledby="stepup">
        <h1 id="stepup">{t('desk.stepUpTitle')}</h1>
        <p>{t('desk.stepUpBody')}</p>
        <a className="button" href={loginUrl(`${location.pathname}${location.search}`, 'substantial')}>
          {t('app.login')}
        </a>
      </section>
    );
  return (
    <>
      <Alert kind="error">{errorMessage(t, error)}</Alert>
      {children}
    </>
  );
}
