import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, call, client, csrf } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { FileField } from '../../components/FileField.tsx';
import { Progress } from '../../components/Progress.tsx';
import { errorMessage } from '../../errors.ts';
import {
  type Draft,
  emptyDraft,
  FIELD_PATHS,
  formBody,
  proposedOf,
  requesterOf,
  validate,
} from '../../exception/draft.ts';
import { documentError, exceptionFieldError, fieldsMarked, isOnField } from '../../exception/errors.ts';
import { MAX_REQUEST_BYTES, megabytes } from '../../exception/files.ts';
import type { SessionView, Submitted } from '../../exception/types.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../../exception/types.ts';
import { upload } from '../../exception/upload.ts';
import { useProofOfWork } from '../../exception/use-proof-of-work.ts';
import { dateInput, displayEnterprise, formatDate } from '../../format.ts';
import { useTitle } from '../../hooks.ts';
import { useSession } from '../../session.tsx';
import type { Lang } from '../../types.ts';
import { EnterpriseFields, ProposedFields, ReasonFields, RequesterFields } from './RequestFields.tsx';

const DRAFT_KEY = 'btb.draft.exception';
/** errors raised before the server spends the challenge: the solved one can be sent again */
const keepsChallenge = (e: unknown) =>
  e instanceof ApiError && /^(validation|identifier|attachment|request)\./.test(e.code);

/**
 * The public request of the exception procedure: no login needed. A logged-in person without a
 * Belgian number (eIDAS) lands here too, with their names filled in from the login.
 */
export function ExceptionRequest() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { me } = useSession();
  const [draft, setDraft] = useState<Draft>(() => {
    const saved = sessionStorage.getItem(DRAFT_KEY);
    return saved ? { ...emptyDraft, ...(JSON.parse(saved) as Partial<Draft>) } : emptyDraft;
  });
  const [files, setFiles] = useState<Partial<Record<DocumentKind, File>>>({});
  const [localErrors, setLocalErrors] = useState<Partial<Record<string, string>>>({});
  const [error, setError] = useState<unknown>();
  const [foreign, setForeign] = useState<SessionView | null>(null);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [isWaiting, setWaiting] = useState(false);
  const [done, setDone] = useState<(Submitted & { enterprise: string }) | null>(null);
  const [pdfBusy, setPdfBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const pow = useProofOfWork();
  useTitle(t('exception.title'));

  useEffect(() => {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  }, [draft]);

  // A person logged in without a Belgian number (none, or only an eIDAS identifier, issue 19): the
  // login tells who they are.
  useEffect(() => {
    if (!me || (me.person && !me.person.includes('/'))) return;
    call(client.GET('/api/v1/session')).then(
      (s) => {
        if (!s.exceptionProcedure) return;
        setForeign(s);
        setDraft((d) => ({
          ...d,
          givenName: d.givenName || (s.givenName ?? ''),
          familyName: d.familyName || (s.familyName ?? ''),
          email: d.email || (s.email ?? ''),
          hasNumber: false,
        }));
      },
      () => {},
    );
  }, [me]);

  // Editing a field clears its own complaint; the others stay until they are fixed too.
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) => {
      setDraft((d) => ({ ...d, [k]: v }));
      setLocalErrors(({ [k]: _, ...rest }) => rest);
    };
  const errorFor = (k: keyof Draft) =>
    localErrors[k] ??
    (k in FIELD_PATHS ? exceptionFieldError(t, error, FIELD_PATHS[k as keyof typeof FIELD_PATHS]) : undefined);
  const fileError = (k: DocumentKind) => localErrors[k] ?? documentError(t, error, files[k]?.name);
  const totalBytes = Object.values(files).reduce((n, f) => n + (f?.size ?? 0), 0);

  const send = async () => {
    if (pow.state.phase !== 'done') return;
    setError(undefined);
    setUploaded(0);
    const form = new FormData();
    form.append(
      'request',
      JSON.stringify({
        requester: requesterOf(draft, lang),
        proposed: proposedOf(draft),
        reason: draft.reason,
        ...(draft.reasonText.trim() ? { reasonText: draft.reasonText.trim() } : {}),
        challenge: pow.state.challenge,
        nonce: pow.state.nonce,
      }),
    );
    for (const k of DOCUMENT_KINDS) {
      const f = files[k];
      if (f) form.append(k, f, f.name);
    }
    try {
      const r = await upload<Submitted>(
        `/api/v1/enterprises/${encodeURIComponent(draft.enterprise.trim())}/exception-requests`,
        form,
        { onProgress: setUploaded },
      );
      sessionStorage.removeItem(DRAFT_KEY);
      setDone({ ...r, enterprise: draft.enterprise });
    } catch (e) {
      setError(e);
      if (!keepsChallenge(e)) pow.renew();
    } finally {
      setUploaded(null);
    }
  };

  // a submit made while the check still runs goes out as soon as it is done
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the end of the check matters here
  useEffect(() => {
    if (isWaiting && pow.state.phase === 'done') {
      setWaiting(false);
      void send();
    }
  }, [isWaiting, pow.state.phase]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs = validate(t, draft, files, dateInput(new Date().toISOString()));
    setLocalErrors(errs);
    setError(undefined);
    if (Object.keys(errs).length > 0) {
      summary.current?.focus();
      return;
    }
    if (pow.state.phase === 'done') void send();
    else setWaiting(true);
  };

  const downloadForm = async () => {
    setPdfBusy(true);
    try {
      const token = await csrf();
      const r = await fetch('/api/v1/exception-requests/form.pdf', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-csrf-token': token } : {}) },
        body: JSON.stringify(formBody(draft, lang)),
      });
      if (!r.ok) throw new ApiError(r.status, `http.${r.status}`, {});
      const url = URL.createObjectURL(await r.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `btb-request-${lang}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    } finally {
      setPdfBusy(false);
    }
  };

  if (done)
    return (
      <section className="narrow">
        <h1>{t('exception.done.title')}</h1>
        <Alert kind="success">
          {t('exception.done.reference')} <strong className="reference">{done.reference}</strong>
        </Alert>
        <h2>{t('exception.done.nextTitle')}</h2>
        <ol className="steps">
          <li>{t('exception.done.mail', { email: draft.email })}</li>
          <li>{t('exception.done.check', { date: formatDate(done.targetDate, lang) })}</li>
          <li>{t('exception.done.questions')}</li>
          <li>{t('exception.done.appointed', { enterprise: displayEnterprise(done.enterprise) })}</li>
        </ol>
        <Link className="button" to={`/exception/follow?reference=${encodeURIComponent(done.reference)}`}>
          {t('exception.done.follow')}
        </Link>
      </section>
    );

  const localCount = Object.keys(localErrors).length;
  const shownPaths = Object.values(FIELD_PATHS) as string[];
  const filenames = Object.values(files).map((f) => f?.name.replace(/[^\p{L}\p{N} ._()-]/gu, '_') ?? '');
  const generalError =
    error !== undefined && !isOnField(error, shownPaths, filenames) ? errorMessage(t, error) : undefined;
  const fieldErrorFromServer = error !== undefined && !generalError;
  const p = pow.state;

  return (
    <section className="narrow">
      <h1>{t('exception.title')}</h1>
      <p className="lead">{t('exception.lead')}</p>
      {foreign && (
        <p className="card note">
          {t('exception.foreignNotice', { name: [foreign.givenName, foreign.familyName].filter(Boolean).join(' ') })}
        </p>
      )}
      <p>
        {t('exception.followExisting')} <Link to="/exception/follow">{t('exception.followLink')}</Link>
      </p>
      <div ref={summary} tabIndex={-1} aria-live="polite">
        {localCount > 0 && <Alert kind="error">{t('exception.fixFields', { count: localCount })}</Alert>}
        {fieldErrorFromServer && (
          <Alert kind="error">
            {t('exception.fixFields', { count: Math.max(1, fieldsMarked(error, shownPaths)) })}
          </Alert>
        )}
      </div>
      {generalError && <Alert kind="error">{generalError}</Alert>}

      <form onSubmit={submit} noValidate>
        <EnterpriseFields draft={draft} set={set} errorFor={errorFor} />
        <RequesterFields draft={draft} set={set} errorFor={errorFor} />
        <ProposedFields draft={draft} set={set} errorFor={errorFor} />
        <ReasonFields draft={draft} set={set} errorFor={errorFor} />

        <fieldset>
          <legend>{t('exception.sections.documents')}</legend>
          <p className="hint">{t('exception.documents.lead', { total: megabytes(MAX_REQUEST_BYTES) })}</p>
          <div className="card note">
            <p>{t('exception.formPdf.hint')}</p>
            <button type="button" className="secondary" onClick={() => void downloadForm()} disabled={pdfBusy}>
              {t('exception.formPdf.button')}
            </button>
          </div>
          {DOCUMENT_KINDS.map((k) => (
            <FileField
              key={k}
              label={t(`exception.documents.kinds.${k}`)}
              hint={t(`exception.documents.kindHints.${k}`)}
              file={files[k]}
              onChange={(f) => {
                setFiles((fs) => ({ ...fs, [k]: f }));
                setLocalErrors(({ [k]: _, ...rest }) => rest);
              }}
              error={fileError(k)}
              required
            />
          ))}
          {totalBytes > MAX_REQUEST_BYTES && (
            <p className="field-error">{t('exception.documents.totalHint', { total: megabytes(MAX_REQUEST_BYTES) })}</p>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('exception.pow.title')}</legend>
          <p className="hint">{t('exception.pow.lead')}</p>
          {p.phase === 'done' ? (
            <p className="ok-text" data-testid="pow-done" data-ms={p.ms}>
              {t('exception.pow.done')}
            </p>
          ) : p.phase === 'error' ? (
            <>
              <p className="field-error">{t('exception.pow.error')}</p>
              <button type="button" className="secondary" onClick={pow.renew}>
                {t('exception.pow.retry')}
              </button>
            </>
          ) : (
            <Progress
              label={t('exception.pow.progress')}
              value={p.phase === 'solving' ? p.progress : null}
              text={p.phase === 'solving' ? `${Math.round(p.progress * 100)} %` : undefined}
            />
          )}
        </fieldset>

        {uploaded !== null && (
          <Progress label={t('exception.uploading')} value={uploaded} text={`${Math.round(uploaded * 100)} %`} />
        )}
        {isWaiting && <p aria-live="polite">{t('exception.waitingForCheck')}</p>}
        <div className="actions">
          <button type="submit" disabled={uploaded !== null || isWaiting}>
            {t('exception.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
