import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTitle } from '../hooks.ts';

export function NotFound() {
  const { t } = useTranslation();
  useTitle(t('app.notFoundTitle'));
  return (
    <section className="narrow">
      <h1>{t('app.notFoundTitle')}</h1>
      <p>{t('app.notFoundBody')}</p>
      <Link to="/">{t('nav.home')}</Link>
    </section>
  );
}
