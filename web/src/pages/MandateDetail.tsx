import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { type Answer, client as btb, call } from '../api.ts';
import { capacityName } from '../capacity-name.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, displayPerson, formatDate, isPersonNumber } from '../format.ts';
import { useApi, useDomains, useLocalised, useTitle } from '../hooks.ts';
import { useMyRoles } from '../roles.ts';
import { MandateSystemUsers } from './MandateSystemUsers.tsx';
import { domainNamer, serviceNamer } from './MyClients.tsx';

type MandatePage = Answer<'/api/v1/enterprises/{en}/mandates/{id}'>;
type MandateView = MandatePage['mandate'];
type Agent = MandateView['agents'][number];

/**
 * One mandate, from either side (issue 16, item 1): who gave it to whom, for what, and who acts
 * under it now; the office's main and co-main access managers appoint client managers here.
 */
export function MandateDetail() {
  const { en = '', id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const roles = useMyRoles(en);
  const domains = useDomains();
  const loc = useLocalised();
  const [message, setMessage] = useState<string | null>(null);
  const got = useApi<MandatePage>(`/api/v1/enterprises/${en}/mandates/${encodeURIComponent(id)}`);
  const m = got.data?.mandate;
  const side = got.data?.side;
  const nameOf = (n: string, name: string | null) => name ?? displayEnterprise(n);
  const other = m
    ? side === 'mandator'
      ? nameOf(m.mandatary, m.mandataryName)
      : nameOf(m.mandator, m.mandatorName)
    : '';
  const title = t('mandate.title', { name: other || displayEnterprise(id) });
  useTitle(title);
  const domainName = domainNamer(domains, loc);
  const serviceName = serviceNamer(domains, loc);
  const person = (a: Agent) => a.name ?? displayPerson(a.person);
  const until = (d: string | null) => (d ? t('app.until', { date: formatDate(d, i18n.language) }) : t('app.noEnd'));
  const managers = m?.agents.filter((a) => a.kind === 'client_manager') ?? [];
  const users = m?.agents.filter((a) => a.kind === 'user') ?? [];
  const canAppoint = side === 'mandatary' && (roles.isMain || roles.isCoMain);

  return (
    <div>
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{roles.mine?.name ?? displayEnterprise(en)}</Link> ›{' '}
        <Link to={`/enterprises/${en}/mandates`}>{t('mandates.title')}</Link>
      </p>
      <h1>{title}</h1>
      {got.isLoading && !m && <p aria-live="polite">{t('app.loading')}</p>}
      {got.error !== undefined && <Alert kind="error">{errorMessage(t, got.error)}</Alert>}
      {message && <Alert kind="success">{message}</Alert>}
      {m && (
        <>
          <dl className="card facts">
            <dt>{t('mandates.client')}</dt>
            <dd>
              {nameOf(m.mandator, m.mandatorName)} <span className="muted">{displayEnterprise(m.mandator)}</span>
            </dd>
            <dt>{t('mandates.office')}</dt>
            <dd>
              {nameOf(m.mandatary, m.mandataryName)} <span className="muted">{displayEnterprise(m.mandatary)}</span>
            </dd>
            <dt>{t('mandates.scope')}</dt>
            <dd>{m.scope.map((s) => (s.service ? serviceName(s.service) : domainName(s.domain))).join(', ')}</dd>
            {m.capacity && (
              <>
                <dt>{t('mandates.capacity')}</dt>
                <dd>{capacityName(t, m.capacity)}</dd>
              </>
            )}
            <dt>{t('mandates.period')}</dt>
            <dd>
              {m.validUntil
                ? t('mandates.fromTo', {
                    from: formatDate(m.validFrom, i18n.language),
                    to: formatDate(m.validUntil, i18n.language),
                  })
                : t('mandates.from', { from: formatDate(m.validFrom, i18n.language) })}
            </dd>
            <dt>{t('dashboard.status')}</dt>
            <dd>
              {t(
                `mandates.status.${m.status === 'active' ? 'active' : m.status === 'proposed' ? 'awaitsThem' : 'ended'}`,
              )}
            </dd>
          </dl>
          <section className="card" aria-labelledby="mandate-managers">
            <h2 id="mandate-managers">{t('mandate.managers')}</h2>
            <p className="muted">{t('mandate.managersIntro')}</p>
            {managers.length === 0 ? (
              <p>{t('mandate.nobody')}</p>
            ) : (
              <ul className="rights">
                {managers.map((a) => (
                  <li key={`${a.person}-${a.domain ?? ''}`}>
                    <strong>{person(a)}</strong> · {domainName(a.domain ?? '')}{' '}
                    <span className="muted">· {until(a.validUntil)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="mandate-users">
            <h2 id="mandate-users">{t('mandate.users')}</h2>
            {users.length === 0 ? (
              <p>{t('mandate.nobody')}</p>
            ) : (
              <ul className="rights">
                {users.map((a) => (
                  <li key={`${a.person}-${a.service ?? ''}`}>
                    <strong>{person(a)}</strong> · {serviceName(a.service ?? '')}{' '}
                    <span className="muted">· {until(a.validUntil)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {side === 'mandatary' && (
            <MandateSystemUsers en={en} id={m.id} active={m.status === 'active'} scope={m.scope} />
          )}
          {canAppoint &&
            (m.status === 'active' ? (
              <AppointClientManager
                en={en}
                mandate={m}
                domainName={domainName}
                onDone={(text) => {
                  setMessage(text);
                  got.reload();
                }}
              />
            ) : (
              <p className="card note">{t('mandate.notActive')}</p>
            ))}
        </>
      )}
    </div>
  );
}

function AppointClientManager({
  en,
  mandate,
  domainName,
  onDone,
}: {
  en: string;
  mandate: MandateView;
  domainName(code: string): string;
  onDone(text: string): void;
}) {
  const { t } = useTranslation();
  const covered = [...new Set(mandate.scope.map((s) => s.domain))];
  const [person, setPerson] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [chosen, setChosen] = useState<string[]>(covered);
  const [local, setLocal] = useState<{ person?: string; email?: string; domains?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const client = mandate.mandatorName ?? displayEnterprise(mandate.mandator);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    // every problem at once, next to its field
    const problems: typeof local = {};
    if (!isPersonNumber(person)) problems.person = t('errors.person');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) problems.email = t('errors.email');
    if (chosen.length === 0) problems.domains = t('mandates.chooseDomain');
    setLocal(problems);
    setError(undefined);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await call(
        btb.POST('/api/v1/enterprises/{en}/mandates/{id}/client-managers', {
          params: { path: { en, id: mandate.id } },
          body: {
            person: person.replace(/\D/g, ''),
            email: email.trim(),
            ...(phone.trim() ? { phone: phone.trim() } : {}),
            ...(chosen.length < covered.length ? { domains: chosen } : {}),
          },
        }),
      );
      const who = displayPerson(person.replace(/\D/g, ''));
      setPerson('');
      setEmail('');
      setPhone('');
      onDone(t('mandate.appointed', { name: who, client }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const personError = local.person ?? fieldError(t, error, 'person');
  const emailError = local.email ?? fieldError(t, error, 'email');
  const phoneError = fieldError(t, error, 'phone');
  const general = error !== undefined && !personError && !emailError && !phoneError;
  return (
    <section className="card" aria-labelledby="mandate-appoint">
      <h2 id="mandate-appoint">{t('mandate.appoint')}</h2>
      <p className="muted">
        {t('mandate.appointIntro', { office: mandate.mandataryName ?? displayEnterprise(mandate.mandatary), client })}
      </p>
      {general && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      <form onSubmit={submit} noValidate>
        <Field
          label={t('fields.person')}
          hint={t('fields.personHint')}
          value={person}
          onChange={setPerson}
          error={personError}
          autoComplete="off"
          required
        />
        <Field label={t('fields.email')} value={email} onChange={setEmail} error={emailError} type="email" required />
        <Field
          label={t('fields.phone')}
          hint={t('fields.phoneHint')}
          value={phone}
          onChange={setPhone}
          error={phoneError}
          type="tel"
        />
        <fieldset aria-describedby={local.domains ? 'appoint-domains-error' : undefined}>
          <legend>{t('mandates.domainsLegend')}</legend>
          {local.domains && (
            <p className="field-error" id="appoint-domains-error">
              {local.domains}
            </p>
          )}
          {covered.map((d) => (
            <label key={d} className="radio">
              <input
                type="checkbox"
                value={d}
                checked={chosen.includes(d)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, d] : c.filter((x) => x !== d)))}
              />{' '}
              {domainName(d)}
            </label>
          ))}
        </fieldset>
        <p className="actions">
          <button type="submit" disabled={busy} aria-busy={busy}>
            {t('mandate.appoint')}
          </button>
        </p>
      </form>
    </section>
  );
}
