import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Answer } from '../../api.ts';
import { displayEnterprise, formatDate } from '../../format.ts';
import { useApi, useTitle } from '../../hooks.ts';
import { DeskRefusal } from '../exception/DeskGate.tsx';

type List = Answer<'/api/v1/service-desk/foreign-enterprises'>;
type Ending = Answer<'/api/v1/service-desk/foreign-representatives/ending-soon'>;

/** The service desk's foreign enterprises (issue 19, section 2) and the representatives ending soon. */
export function ForeignEnterprises() {
  const { t, i18n } = useTranslation();
  useTitle(t('foreignEnterprises.title'));
  const list = useApi<List>('/api/v1/service-desk/foreign-enterprises');
  const ending = useApi<Ending>('/api/v1/service-desk/foreign-representatives/ending-soon?days=60');
  if (list.error !== undefined && !list.data) return <DeskRefusal error={list.error} />;
  const items = list.data?.items ?? [];
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/service-desk">{t('desk.queueTitle')}</Link>
      </p>
      <h1>{t('foreignEnterprises.title')}</h1>
      <p>{t('foreignEnterprises.lead')}</p>
      <p>
        <Link to="/service-desk/foreign-enterprises/new">{t('foreignEnterprises.register')}</Link>
      </p>
      {list.data && items.length === 0 && <p>{t('foreignEnterprises.none')}</p>}
      {items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('foreignEnterprises.number')}</th>
              <th scope="col">{t('foreignEnterprises.name')}</th>
              <th scope="col">{t('foreignEnterprises.countryShort')}</th>
              <th scope="col">{t('foreignEnterprises.status')}</th>
              <th scope="col">{t('foreignEnterprises.ends')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.number}>
                <td>
                  <Link to={`/service-desk/foreign-enterprises/${f.number}`}>{displayEnterprise(f.number)}</Link>
                </td>
                <td>{f.name}</td>
                <td>{f.country}</td>
                <td>{t(`foreignEnterprises.statuses.${f.status}`)}</td>
                <td>{formatDate(f.nextRepresentativeEnd, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="fe-ending">
        <h2 id="fe-ending">{t('foreignEnterprises.endingTitle')}</h2>
        {ending.data && ending.data.items.length === 0 && <p>{t('foreignEnterprises.endingNone')}</p>}
        {ending.data && ending.data.items.length > 0 && (
          <ul>
            {ending.data.items.map((r) => (
              <li key={r.id}>
                <Link to={`/service-desk/foreign-enterprises/${r.enterpriseNumber}`}>{r.enterpriseName}</Link>:{' '}
                {r.givenName} {r.familyName}, {formatDate(r.endDate, i18n.language)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
