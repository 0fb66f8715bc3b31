import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, displayPerson, formatDate } from '../format.ts';
import { useApi, useDomains, useLocalised, useTitle } from '../hooks.ts';

interface Proposal {
  grant: {
    id: string;
    person: string;
    service: string;
    role: string | null;
    domain: string;
    validUntil: string | null;
  };
  holderName: string | null;
  maxMonths: number | null;
  latestDate: string | null;
}

/**
 * The one-click extension the daily digest links to (issue 17): the grant, the proposed new end
 * (the latest its term allows from today), one button. The page asks the API whether the manager
 * may still extend it; saving goes through the grant's PATCH, which checks that power again.
 */
export function ExtendGrant() {
  const { en = '', id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const domains = useDomains();
  useTitle(t('extendGrant.title'));
  const proposal = useApi<Proposal>(`/api/v1/enterprises/${en}/grants/${id}/extension`);
  const [newEnd, setNewEnd] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string | null>(null);
  const latest = proposal.data?.latestDate ?? '';
  useEffect(() => setNewEnd(latest), [latest]);

  const p = proposal.data;
  const service = p ? domains.flatMap((d) => d.services).find((s) => s.code === p.grant.service) : undefined;
  const role = p && service?.roles.find((r) => r.code === p.grant.role);
  const serviceName = p ? `${service ? loc(service.name) : p.grant.service}${role ? ` · ${loc(role.name)}` : ''}` : '';
  const holder = p ? (p.holderName ?? displayPerson(p.grant.person)) : '';
  // refused or gone: the link is older than the manager's power or the grant
  const cannot =
    proposal.error instanceof ApiError && [403, 404].includes(proposal.error.status) ? proposal.error : undefined;

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await call(
        client.PATCH('/api/v1/enterprises/{en}/grants/{id}', {
          params: { path: { en, id } },
          body: { validUntil: newEnd || null },
        }),
      );
      setDone(r.grant.validUntil);
      proposal.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p>
        <Link to={`/enterprises/${en}`}>{t('extendGrant.back', { enterprise: displayEnterprise(en) })}</Link>
      </p>
      <h1>{t('extendGrant.title')}</h1>
      {cannot && (
        <Alert kind="error">
          <p>{t('extendGrant.cannot')}</p>
          <p className="small">{errorMessage(t, cannot)}</p>
        </Alert>
      )}
      {proposal.error !== undefined && !cannot && <Alert kind="error">{errorMessage(t, proposal.error)}</Alert>}
      {done !== null && (
        <Alert kind="success">
          {t('extendGrant.done', { name: holder, service: serviceName, date: formatDate(done, i18n.language) })}
        </Alert>
      )}
      {p && (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <dl>
            <dt>{t('extendGrant.holder')}</dt>
            <dd>
              {holder} <span className="small muted">{displayPerson(p.grant.person)}</span>
            </dd>
            <dt>{t('extendGrant.service')}</dt>
            <dd>{serviceName}</dd>
            <dt>{t('extendGrant.currentEnd')}</dt>
            <dd>{p.grant.validUntil ? formatDate(p.grant.validUntil, i18n.language) : t('app.noEnd')}</dd>
          </dl>
          <p>
            {p.latestDate
              ? t('extendGrant.limit', { months: p.maxMonths, date: formatDate(p.latestDate, i18n.language) })
              : t('extendGrant.noLimit')}
          </p>
          {error !== undefined && !fieldError(t, error, 'validUntil') && (
            <Alert kind="error">{errorMessage(t, error)}</Alert>
          )}
          <Field
            label={t('extendGrant.newEnd')}
            type="date"
            value={newEnd}
            onChange={setNewEnd}
            error={fieldError(t, error, 'validUntil')}
          />
          <p className="actions">
            <button type="submit" disabled={busy}>
              {t('extendGrant.confirm')}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
