import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { ApiError, loginUrl } from '../api.ts';

/** The refusal that asks for a stronger login (issue 13, finding 2: mandates need high). */
export function isStepUpError(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'authentication.insufficient_assurance';
}

/**
 * Sends the person to log in again at `loa` and brings them back to this page, as the main
 * access manager's wizard does.
 */
export function StepUpCard({
  title,
  body,
  loa = 'high',
}: {
  title: string;
  body: string;
  loa?: 'high' | 'substantial';
}) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <section className="card warn-card" aria-labelledby="stepup-title">
      <h2 id="stepup-title">{title}</h2>
      <p>{body}</p>
      <a className="button" href={loginUrl(`${location.pathname}${location.search}`, loa)}>
        {t('appointMain.stepUp')}
      </a>
    </section>
  );
}
