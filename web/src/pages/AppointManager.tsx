import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { ContactFields } from '../components/ContactFields.tsx';
import { Field } from '../components/Field.tsx';
import { FieldSummary } from '../components/FieldSummary.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, displayPerson, isPersonNumber } from '../format.ts';
import { useDomains, useLocalised, useTitle } from '../hooks.ts';
import { useMyRoles } from '../roles.ts';

const FIELDS = ['person', 'email', 'phone', 'validUntil'];

export function AppointManager() {
  const { en = '' } = useParams();
  const [params] = useSearchParams();
  const kind = params.get('kind') === 'co_main' ? 'co_main' : 'domain';
  const { t } = useTranslation();
  const loc = useLocalised();
  const domains = useDomains().filter((d) => d.system === 'btb' || d.code === params.get('domain'));
  const roles = useMyRoles(en);
  const name = roles.mine?.name ?? displayEnterprise(en);
  const [form, setForm] = useState({
    person: '',
    email: '',
    phone: '',
    validUntil: '',
    domain: params.get('domain') ?? '',
  });
  const [error, setError] = useState<unknown>();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = kind === 'co_main' ? t('appointManager.titleCoMain') : t('appointManager.titleDomain');
  useTitle(title);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const errorFor = (f: string) => localErrors[f] ?? fieldError(t, error, f);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!isPersonNumber(form.person)) errs.person = form.person ? t('errors.person') : t('errors.required');
    if (!form.email.trim()) errs.email = t('errors.required');
    if (!form.phone.trim()) errs.phone = t('errors.required');
    if (kind === 'domain' && !form.domain) errs.domain = t('errors.required');
    setLocalErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError(undefined);
    const body = {
      person: form.person,
      email: form.email.trim(),
      phone: form.phone.trim(),
      ...(form.validUntil ? { validUntil: form.validUntil } : {}),
    };
    try {
      await call(
        kind === 'co_main'
          ? client.POST('/api/v1/enterprises/{en}/co-main-access-managers', { params: { path: { en } }, body })
          : client.POST('/api/v1/enterprises/{en}/domains/{domain}/access-managers', {
              params: { path: { en, domain: form.domain } },
              body,
            }),
      );
      setDone(displayPerson(form.person.replace(/\D/g, '')));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const eligibility =
    error instanceof ApiError && ['appointment.not_eligible', 'appointment.already_exists'].includes(error.code);
  const general = error !== undefined && !eligibility && (!(error instanceof ApiError) || error.isGeneral(FIELDS));

  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{name}</Link>
      </p>
      <h1>{title}</h1>
      <p>{kind === 'co_main' ? t('appointManager.leadCoMain') : t('appointManager.leadDomain')}</p>
      {done ? (
        <>
          <Alert kind="success">{t('appointManager.done', { person: done })}</Alert>
          <Link className="button" to={`/enterprises/${en}`}>
            {name}
          </Link>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          {general && <Alert kind="error">{errorMessage(t, error)}</Alert>}
          <FieldSummary error={error} fields={FIELDS} />
          {kind === 'domain' && (
            <div className={`field${errorFor('domain') ? ' has-error' : ''}`}>
              <label htmlFor="domain">{t('fields.domain')}</label>
              {errorFor('domain') && (
                <p className="field-error" id="domain-error">
                  {errorFor('domain')}
                </p>
              )}
              <select
                id="domain"
                value={form.domain}
                onChange={(e) => set('domain')(e.target.value)}
                aria-describedby={errorFor('domain') ? 'domain-error' : undefined}
              >
                <option value="">—</option>
                {domains.map((d) => (
                  <option key={d.code} value={d.code}>
                    {loc(d.name)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <Field
            label={t('fields.person')}
            hint={t('fields.personHint')}
            value={form.person}
            onChange={set('person')}
            error={errorFor('person') ?? (eligibility ? errorMessage(t, error) : undefined)}
            autoComplete="off"
            required
          />
          <ContactFields email={form.email} phone={form.phone} onChange={(k, v) => set(k)(v)} errorFor={errorFor} />
          <Field
            label={t('fields.validUntil')}
            hint={t('fields.validUntilHint')}
            type="date"
            value={form.validUntil}
            onChange={set('validUntil')}
            error={errorFor('validUntil')}
          />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('appointManager.submit')}
            </button>
            <Link className="button secondary" to={`/enterprises/${en}`}>
              {t('app.cancel')}
            </Link>
          </div>
        </form>
      )}
    </section>
  );
}
