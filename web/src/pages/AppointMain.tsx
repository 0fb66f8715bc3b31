import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, call, client, loginUrl } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { ContactFields } from '../components/ContactFields.tsx';
import { Field } from '../components/Field.tsx';
import { FieldSummary } from '../components/FieldSummary.tsx';
import { errorMessage, fieldError } from '../errors.ts';
import { displayEnterprise, displayPerson, isPersonNumber } from '../format.ts';
import { useApi, useTitle } from '../hooks.ts';
import { useMyRoles } from '../roles.ts';
import { displayName, useSession } from '../session.tsx';
import type { Managers } from '../types.ts';

interface Draft {
  isSelf: boolean;
  person: string;
  email: string;
  phone: string;
}

const FIELDS_OF_STEP: Record<number, string[]> = { 0: ['person'], 1: ['email', 'phone'] };
const draftKey = (en: string) => `btb.draft.main.${en}`;

/**
 * The legal representative's wizard. The draft survives the step-up login (sessionStorage), so
 * whoever is sent to log in with eID comes back to the same answers.
 */
export function AppointMain() {
  const { en = '' } = useParams();
  const { t } = useTranslation();
  const location = useLocation();
  const { me, refresh } = useSession();
  const roles = useMyRoles(en);
  const managers = useApi<Managers>(`/api/v1/enterprises/${en}/access-managers`);
  const name = roles.mine?.name ?? displayEnterprise(en);
  const current = managers.data?.main ?? null;
  const [query, setQuery] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(() => {
    const saved = sessionStorage.getItem(draftKey(en));
    return saved ? (JSON.parse(saved) as Draft) : { isSelf: true, person: '', email: '', phone: '' };
  });
  const [error, setError] = useState<unknown>();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useTitle(current ? t('appointMain.replaceTitle') : t('appointMain.title'));

  useEffect(() => {
    sessionStorage.setItem(draftKey(en), JSON.stringify(draft));
  }, [draft, en]);

  // the step-up login comes back to the first step, with the draft kept
  const here = location.pathname;
  const needsStepUp =
    (me && me.loa !== 'high') || (error instanceof ApiError && error.code === 'authentication.insufficient_assurance');
  const person = draft.isSelf ? (me?.person ?? '') : draft.person;
  const set = (k: keyof Draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const errorFor = (f: string) => localErrors[f] ?? fieldError(t, error, f);

  const problemsOf = (s: number): Record<string, string> => {
    const errs: Record<string, string> = {};
    if (s === 0 && !draft.isSelf && !isPersonNumber(draft.person))
      errs.person = draft.person ? t('errors.person') : t('errors.required');
    if (s === 1 && !draft.email.trim()) errs.email = t('errors.required');
    if (s === 1 && !draft.phone.trim()) errs.phone = t('errors.required');
    return errs;
  };
  const validate = (s: number): boolean => {
    const errs = problemsOf(s);
    setLocalErrors(errs);
    return Object.keys(errs).length === 0;
  };
  // The step lives in the URL (?step=1..3), so back, forward and reload keep the place (issue 16,
  // item 13); a step whose earlier answers are missing falls back to the first one incomplete.
  const asked = Math.min(Math.max(Number(query.get('step')) || 1, 1), 3) - 1;
  let step = 0;
  while (step < asked && Object.keys(problemsOf(step)).length === 0) step++;
  const setStep = (n: number) => setQuery(n === 0 ? {} : { step: String(n + 1) });
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new step moves focus to its heading
  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  const next = (e: FormEvent) => {
    e.preventDefault();
    if (!validate(step)) return;
    setError(undefined);
    setStep(step + 1);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await call(
        client.PUT('/api/v1/enterprises/{en}/main-access-manager', {
          params: { path: { en } },
          body: { person, email: draft.email.trim(), phone: draft.phone.trim() },
        }),
      );
      sessionStorage.removeItem(draftKey(en));
      setDone(draft.isSelf ? displayName(me) : displayPerson(person));
      void refresh();
    } catch (err) {
      setError(err);
      // Send the person back to the step whose field the server refused.
      if (err instanceof ApiError) {
        const back = Object.entries(FIELDS_OF_STEP).find(([, fs]) => fs.some((f) => err.fieldProblem(f)));
        if (back) setStep(Number(back[0]));
        else if (err.code === 'appointment.not_eligible') setStep(0);
      }
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <section className="narrow">
        <h1>{t('appointMain.title')}</h1>
        <Alert kind="success">{t('appointMain.done', { person: done, name })}</Alert>
        <Link className="button" to={`/enterprises/${en}`}>
          {name}
        </Link>
      </section>
    );

  const eligibilityError =
    error instanceof ApiError && error.code === 'appointment.not_eligible' ? errorMessage(t, error) : undefined;
  const generalError =
    error !== undefined &&
    !(error instanceof ApiError && (error.fields.length > 0 || error.code === 'appointment.not_eligible'))
      ? errorMessage(t, error)
      : undefined;
  const stepNames = [t('appointMain.stepWho'), t('appointMain.stepContact'), t('appointMain.stepCheck')];

  return (
    <section className="narrow">
      <p className="breadcrumb">
        <Link to={`/enterprises/${en}`}>{name}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {current ? t('appointMain.replaceTitle') : t('appointMain.title')}
      </h1>
      <p>{t('appointMain.lead', { name })}</p>
      {current && (
        <p className="card note">{t('appointMain.current', { name: current.name ?? displayPerson(current.person) })}</p>
      )}
      {roles.mine && !roles.isLr && <Alert kind="error">{t('appointMain.notLr')}</Alert>}
      {needsStepUp && (
        <section className="card warn-card" aria-labelledby="stepup-title">
          <h2 id="stepup-title">{t('appointMain.stepUpTitle')}</h2>
          <p>{t('appointMain.stepUpBody')}</p>
          <a className="button" href={loginUrl(here, 'high')}>
            {t('appointMain.stepUp')}
          </a>
        </section>
      )}
      <ol className="stepper" aria-label={t('appointMain.steps')}>
        {stepNames.map((s, i) => (
          <li
            key={s}
            className={i === step ? 'current' : i < step ? 'done' : ''}
            aria-current={i === step ? 'step' : undefined}
          >
            {s}
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {t('appointMain.stepOf', { n: step + 1, total: 3 })}
      </p>
      {generalError && <Alert kind="error">{generalError}</Alert>}
      <FieldSummary error={error} fields={FIELDS_OF_STEP[step] ?? []} />

      {step === 0 && (
        <form onSubmit={next} noValidate>
          <fieldset>
            <legend>{t('appointMain.stepWho')}</legend>
            <label className="radio">
              <input
                type="radio"
                name="who"
                checked={draft.isSelf}
                onChange={() => setDraft((d) => ({ ...d, isSelf: true }))}
              />{' '}
              {t('appointMain.myself')} ({displayName(me)})
            </label>
            <label className="radio">
              <input
                type="radio"
                name="who"
                checked={!draft.isSelf}
                onChange={() => setDraft((d) => ({ ...d, isSelf: false }))}
              />{' '}
              {t('appointMain.someoneElse')}
            </label>
          </fieldset>
          {!draft.isSelf && (
            <Field
              label={t('fields.person')}
              hint={t('fields.personHint')}
              value={draft.person}
              onChange={set('person')}
              error={errorFor('person') ?? eligibilityError}
              autoComplete="off"
              required
            />
          )}
          {draft.isSelf && eligibilityError && <p className="field-error">{eligibilityError}</p>}
          <div className="actions">
            <button type="submit">{t('app.next')}</button>
          </div>
        </form>
      )}

      {step === 1 && (
        <form onSubmit={next} noValidate>
          <ContactFields email={draft.email} phone={draft.phone} onChange={(k, v) => set(k)(v)} errorFor={errorFor} />
          <div className="actions">
            <button type="submit">{t('app.next')}</button>
            <button type="button" className="secondary" onClick={() => setStep(0)}>
              {t('app.previous')}
            </button>
          </div>
        </form>
      )}

      {step === 2 && (
        <form onSubmit={submit} noValidate>
          <h2>{t('appointMain.checkTitle')}</h2>
          <dl className="summary">
            <dt>{t('fields.person')}</dt>
            <dd>{draft.isSelf ? `${displayName(me)} (${displayPerson(person)})` : displayPerson(person)}</dd>
            <dt>{t('fields.email')}</dt>
            <dd>{draft.email}</dd>
            <dt>{t('fields.phone')}</dt>
            <dd>{draft.phone}</dd>
          </dl>
          <p className="muted">{t('appointMain.eligibility')}</p>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('appointMain.submit')}
            </button>
            <button type="button" className="secondary" onClick={() => setStep(1)}>
              {t('app.previous')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
