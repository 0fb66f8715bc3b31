import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { Field, FieldFrame } from '../components/Field.tsx';
import { FieldSummary } from '../components/FieldSummary.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, displayPerson, isPersonNumber } from '../format.ts';
import { useDomains, useLocalised, useTitle } from '../hooks.ts';
import { useMyClients } from './MyClients.tsx';

/**
 * A client manager gives one of the office's people access to a client's online service under
 * the mandate (issue 16, item 1). The services offered are those of the domains they manage there.
 */
export function MandateGrant() {
  const { en = '', id = '' } = useParams();
  const [query] = useSearchParams();
  const { t } = useTranslation();
  const domains = useDomains();
  const loc = useLocalised();
  const clients = useMyClients();
  const item = clients.data?.items.find(
    (c) => c.mandates.some((m) => m.id === id) && (!query.get('client') || c.enterprise === query.get('client')),
  );
  const mandate = item?.mandates.find((m) => m.id === id);
  const clientName = item
    ? (item.name ?? displayEnterprise(item.enterprise))
    : displayEnterprise(query.get('client') ?? '');
  const office = mandate?.mandataryName ?? displayEnterprise(en);
  const title = t('mandateGrant.title', { client: clientName });
  useTitle(title);
  const services = domains.filter((d) => item?.managedDomains.includes(d.code)).flatMap((d) => d.services);

  const [person, setPerson] = useState('');
  const [service, setService] = useState('');
  const [role, setRole] = useState('');
  const [local, setLocal] = useState<{ person?: string; service?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const chosen = services.find((s) => s.code === service);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problems: typeof local = {};
    if (!isPersonNumber(person)) problems.person = t('errors.person');
    if (!chosen) problems.service = t('grant.pickService');
    setLocal(problems);
    setError(undefined);
    setDone(null);
    if (Object.keys(problems).length || !chosen) return;
    setBusy(true);
    try {
      const number = person.replace(/\D/g, '');
      await call(
        client.POST('/api/v1/enterprises/{en}/mandates/{id}/grants', {
          params: { path: { en, id } },
          body: { person: number, service: chosen.code, ...(role ? { role } : {}) },
        }),
      );
      setDone(t('mandateGrant.done', { person: displayPerson(number), service: loc(chosen.name), client: clientName }));
      setPerson('');
      setService('');
      setRole('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const personError = local.person ?? fieldError(t, error, 'person');
  const serviceError = local.service ?? fieldError(t, error, 'service');
  const general = error !== undefined && !personError && !serviceError;
  return (
    <div>
      <p className="breadcrumb">
        <Link to="/my-access">{t('myAccess.title')}</Link>
      </p>
      <h1>{title}</h1>
      <p>{t('mandateGrant.lead', { office })}</p>
      {clients.error !== undefined && <Alert kind="error">{errorMessage(t, clients.error)}</Alert>}
      {clients.data && (!item || item.managedDomains.length === 0) && (
        <p className="card note">{t('mandateGrant.notManager')}</p>
      )}
      {done && <Alert kind="success">{done}</Alert>}
      {general && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      <FieldSummary error={error} fields={['person', 'service']} />
      {item && item.managedDomains.length > 0 && (
        <form onSubmit={submit} noValidate className="card">
          <Field
            label={t('fields.person')}
            hint={t('fields.personHint')}
            value={person}
            onChange={setPerson}
            error={personError}
            autoComplete="off"
            required
          />
          <FieldFrame label={t('fields.service')} error={serviceError} required>
            {(fid, a11y) => (
              <select
                id={fid}
                value={service}
                onChange={(e) => {
                  setService(e.target.value);
                  setRole('');
                }}
                {...a11y}
              >
                <option value="">—</option>
                {services.map((s) => (
                  <option key={s.code} value={s.code}>
                    {loc(s.name)}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
          {chosen && chosen.roles.length > 0 && (
            <FieldFrame label={t('fields.role')}>
              {(fid, a11y) => (
                <select id={fid} value={role} onChange={(e) => setRole(e.target.value)} {...a11y}>
                  <option value="">{t('fields.noRole')}</option>
                  {chosen.roles.map((r) => (
                    <option key={r.code} value={r.code}>
                      {loc(r.name)}
                    </option>
                  ))}
                </select>
              )}
            </FieldFrame>
          )}
          <p className="actions">
            <button type="submit" disabled={busy} aria-busy={busy}>
              {t('grant.submit')}
            </button>
          </p>
        </form>
      )}
    </div>
  );
}
