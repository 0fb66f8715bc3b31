import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type Answer, ApiError, call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { Field, FieldFrame } from '../components/Field.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise } from '../format.ts';
import { useApi, useDomains, useLocalised, useTitle } from '../hooks.ts';
import { VendorRequests } from './SystemUserRequests.tsx';

type System = Answer<'/api/v1/enterprises/{en}/systems'>['systems'][number];

/** One value a line, blanks and repeats dropped. */
const lines = (s: string) => [...new Set(s.split(/[\n,]/).map((x) => x.trim()))].filter(Boolean);

/**
 * A vendor's systems (issue 18, section 2): its main or co-main access manager registers a
 * software product with the client ids of its installations and the online services it may be
 * granted; enterprises then find it by name or client id. The API refuses anyone else.
 */
export function VendorSystems() {
  const { en = '' } = useParams();
  const { t } = useTranslation();
  const loc = useLocalised();
  const domains = useDomains();
  useTitle(t('systems.title'));
  const list = useApi<{ systems: System[] }>(`/api/v1/enterprises/${en}/systems`);
  const [name, setName] = useState('');
  const [clientIds, setClientIds] = useState('');
  const [services, setServices] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const catalogue = domains.flatMap((d) => d.services);
  const serviceName = (code: string) => {
    const s = catalogue.find((x) => x.code === code);
    return s ? loc(s.name) : code;
  };
  const code = error instanceof ApiError ? error.code : '';
  const nameError = fieldError(t, error, 'name');
  const clientError =
    fieldError(t, error, 'clientIds') ?? (code === 'system.client_taken' ? errorMessage(t, error) : undefined);
  const servicesError =
    fieldError(t, error, 'services') ?? (code.startsWith('grant.') ? errorMessage(t, error) : undefined);
  const general = error !== undefined && !nameError && !clientError && !servicesError;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    setDone('');
    try {
      const r = await call(
        client.POST('/api/v1/enterprises/{en}/systems', {
          params: { path: { en } },
          body: { name: name.trim(), clientIds: lines(clientIds), services },
        }),
      );
      setName('');
      setClientIds('');
      setServices([]);
      setDone(t('systems.registered', { name: r.system.name }));
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{t('systemUsers.back', { enterprise: displayEnterprise(en) })}</Link>
      </p>
      <h1>{t('systems.title')}</h1>
      <p>{t('systems.intro')}</p>
      {done && <Alert kind="success">{done}</Alert>}
      {list.error !== undefined && <Alert kind="error">{errorMessage(t, list.error)}</Alert>}
      {list.isLoading && <p aria-live="polite">{t('app.loading')}</p>}
      {list.data && list.data.systems.length === 0 && <p className="muted">{t('systems.none')}</p>}
      {list.data && list.data.systems.length > 0 && (
        <ul className="enterprise-list">
          {list.data.systems.map((s) => (
            <li key={s.id} className="card">
              <h2>{s.name}</h2>
              <dl>
                <dt>{t('systems.clientIds')}</dt>
                <dd>{s.clientIds.join(', ')}</dd>
                <dt>{t('systems.services')}</dt>
                <dd>{s.services.map(serviceName).join(', ')}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <form
        className="card"
        noValidate
        aria-labelledby="register-system"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="register-system">{t('systems.registerTitle')}</h2>
        {general && <Alert kind="error">{errorMessage(t, error)}</Alert>}
        <Field label={t('systems.name')} value={name} onChange={setName} required maxLength={200} error={nameError} />
        <FieldFrame label={t('systems.clientIds')} hint={t('systems.clientIdsHint')} error={clientError} required>
          {(id, a11y) => (
            <textarea
              id={id}
              rows={3}
              value={clientIds}
              onChange={(e) => setClientIds(e.target.value)}
              required
              {...a11y}
            />
          )}
        </FieldFrame>
        <FieldFrame label={t('systems.services')} hint={t('systems.servicesHint')} error={servicesError} required>
          {(id, a11y) => (
            <select
              id={id}
              multiple
              size={Math.min(8, Math.max(3, catalogue.length))}
              value={services}
              onChange={(e) => setServices([...e.target.selectedOptions].map((o) => o.value))}
              required
              {...a11y}
            >
              {domains.map((d) => (
                <optgroup key={d.code} label={loc(d.name)}>
                  {d.services.map((s) => (
                    <option key={s.code} value={s.code}>
                      {loc(s.name)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </FieldFrame>
        <p className="actions">
          <button type="submit" disabled={busy}>
            {t('systems.register')}
          </button>
        </p>
      </form>
      <VendorRequests en={en} systems={list.data?.systems ?? []} />
    </section>
  );
}
