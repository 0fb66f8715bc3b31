import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, call, client } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { Field, FieldFrame } from '../components/Field.tsx';
import { FieldSummary } from '../components/FieldSummary.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, formatDate, isPersonNumber } from '../format.ts';
import { useDomains, useLocalised, useTitle } from '../hooks.ts';
import { languages } from '../i18n/index.ts';
import { useMyRoles } from '../roles.ts';
import type { Lang } from '../types.ts';
import { EstablishmentPicker } from './EstablishmentPicker.tsx';
import { OpenInvitations } from './OpenInvitations.tsx';

const FIELDS = ['person', 'email', 'service', 'role', 'validUntil', 'establishments'];

/** Lower-case, without accents: "Économie" is found by typing "econ". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function Grant() {
  const { en = '' } = useParams();
  const { t, i18n } = useTranslation();
  const loc = useLocalised();
  const roles = useMyRoles(en);
  const all = useDomains();
  const name = roles.mine?.name ?? displayEnterprise(en);
  useTitle(t('grant.title'));
  const mine = all.filter((d) => roles.isMain || roles.isCoMain || roles.managedDomains.includes(d.code));
  const here = mine.filter((d) => d.system === 'btb');
  const elsewhere = mine.filter((d) => d.system !== 'btb');
  const [by, setBy] = useState<'number' | 'email'>('number');
  const [form, setForm] = useState({ person: '', email: '', service: '', role: '', validUntil: '' });
  const [units, setUnits] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  // the invitation mail's language: the invitee's, chosen by the sender (issue 16, item 3)
  const [inviteLanguage, setInviteLanguage] = useState<Lang>(i18n.language as Lang);
  const [error, setError] = useState<unknown>();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [round, setRound] = useState(0);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const errorFor = (f: string) => localErrors[f] ?? fieldError(t, error, f);

  const results = useMemo(() => {
    const q = fold(query.trim());
    return here.flatMap((d) =>
      d.services
        .filter((s) => !q || fold(loc(s.name)).includes(q) || fold(loc(d.name)).includes(q) || s.code.includes(q))
        .map((s) => ({ domain: d, service: s })),
    );
  }, [here, query, loc]);
  const chosen = here.flatMap((d) => d.services).find((s) => s.code === form.service);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (by === 'number' && !isPersonNumber(form.person))
      errs.person = form.person ? t('errors.person') : t('errors.required');
    if (by === 'email' && !form.email.trim()) errs.email = t('errors.required');
    // optional with an invitation: then only that person may accept it (issue 13)
    if (by === 'email' && form.person && !isPersonNumber(form.person)) errs.person = t('errors.person');
    if (!form.service) errs.service = t('grant.pickService');
    setLocalErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await call(
        client.POST('/api/v1/enterprises/{en}/grants', {
          params: { path: { en } },
          body: {
            ...(by === 'number'
              ? { person: form.person }
              : {
                  email: form.email.trim(),
                  language: inviteLanguage,
                  ...(form.person ? { person: form.person } : {}),
                }),
            service: form.service,
            ...(form.role ? { role: form.role } : {}),
            ...(form.validUntil ? { validUntil: form.validUntil } : {}),
            ...(units.length ? { establishments: units } : {}),
          },
        }),
      );
      setDone(
        'invitation' in r
          ? t('grant.doneInvite', {
              email: r.invitation.email,
              date: formatDate(r.invitation.expiresAt, i18n.language),
            })
          : t('grant.doneGrant'),
      );
      setRound((r) => r + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const general = error !== undefined && (!(error instanceof ApiError) || error.isGeneral(FIELDS));

  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{name}</Link>
      </p>
      <h1>{t('grant.title')}</h1>
      <p>{t('grant.lead', { name })}</p>
      {done ? (
        <>
          <Alert kind="success">{done}</Alert>
          <p className="actions">
            <Link className="button" to={`/enterprises/${en}`}>
              {name}
            </Link>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDone(null);
                setForm({ person: '', email: '', service: '', role: '', validUntil: '' });
                setUnits([]);
              }}
            >
              {t('grant.title')}
            </button>
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          {general && <Alert kind="error">{errorMessage(t, error)}</Alert>}
          <FieldSummary error={error} fields={FIELDS} />
          <fieldset>
            <legend>{t('fields.how')}</legend>
            <label className="radio">
              <input type="radio" name="by" checked={by === 'number'} onChange={() => setBy('number')} />{' '}
              {t('fields.byNumber')}
            </label>
            <label className="radio">
              <input type="radio" name="by" checked={by === 'email'} onChange={() => setBy('email')} />{' '}
              {t('fields.byEmail')}
            </label>
          </fieldset>
          {by === 'number' ? (
            <Field
              label={t('fields.person')}
              hint={t('fields.personHint')}
              value={form.person}
              onChange={set('person')}
              error={errorFor('person')}
              autoComplete="off"
              required
            />
          ) : (
            <>
              <Field
                label={t('fields.invitee')}
                type="email"
                value={form.email}
                onChange={set('email')}
                error={errorFor('email')}
                required
              />
              <Field
                label={t('fields.inviteePerson')}
                hint={t('fields.inviteePersonHint')}
                value={form.person}
                onChange={set('person')}
                error={errorFor('person')}
                inputMode="numeric"
                autoComplete="off"
              />
              <div className="field">
                <label htmlFor="invite-language">{t('fields.inviteLanguage')}</label>
                <select
                  id="invite-language"
                  value={inviteLanguage}
                  onChange={(e) => setInviteLanguage(e.target.value as Lang)}
                >
                  {languages.map((l) => (
                    <option key={l} value={l} lang={l}>
                      {t(`lang.${l}`)}
                    </option>
                  ))}
                </select>
              </div>
            </>
          )}

          <fieldset className="service-picker">
            <legend>{t('fields.service')}</legend>
            <Field
              label={t('grant.searchLabel')}
              hint={t('grant.searchHint')}
              type="search"
              value={query}
              onChange={setQuery}
            />
            <p className="small muted" aria-live="polite">
              {results.length ? t('grant.results', { count: results.length }) : t('grant.noResults')}
            </p>
            {errorFor('service') && (
              <p className="field-error" id="service-error">
                {errorFor('service')}
              </p>
            )}
            <ul className="service-list">
              {results.map(({ domain, service }) => (
                <li key={service.code}>
                  <label className="radio">
                    <input
                      type="radio"
                      name="service"
                      value={service.code}
                      checked={form.service === service.code}
                      onChange={() => setForm((f) => ({ ...f, service: service.code, role: '' }))}
                      aria-describedby={errorFor('service') ? 'service-error' : undefined}
                    />{' '}
                    {loc(service.name)} <span className="muted small">· {loc(domain.name)}</span>
                  </label>
                </li>
              ))}
            </ul>
            {elsewhere.map((d) => (
              <p key={d.code} className="small muted">
                {t('grant.managedElsewhere', { domain: loc(d.name), system: t(`system.${d.system}`) })}
              </p>
            ))}
          </fieldset>

          {chosen && chosen.roles.length > 0 && (
            <FieldFrame label={t('fields.role')} error={errorFor('role')}>
              {(id, a11y) => (
                <select id={id} value={form.role} onChange={(e) => set('role')(e.target.value)} {...a11y}>
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
          <Field
            label={t('fields.validUntil')}
            hint={t('fields.validUntilHint')}
            type="date"
            value={form.validUntil}
            onChange={set('validUntil')}
            error={errorFor('validUntil')}
          />
          <EstablishmentPicker en={en} value={units} onChange={setUnits} error={errorFor('establishments')} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('grant.submit')}
            </button>
            <Link className="button secondary" to={`/enterprises/${en}`}>
              {t('app.cancel')}
            </Link>
          </div>
        </form>
      )}
      {(roles.isMain || roles.isCoMain || roles.managedDomains.length > 0) && <OpenInvitations en={en} round={round} />}
    </section>
  );
}
