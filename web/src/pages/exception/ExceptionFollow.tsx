import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError, call, client } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field } from '../../components/Field.tsx';
import { errorMessage } from '../../errors.ts';
import { type OwnView, reasonKey } from '../../exception/types.ts';
import { formatDate } from '../../format.ts';
import { useTitle } from '../../hooks.ts';
import { FollowAnswer } from './FollowAnswer.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const TOKEN_KEY = 'btb.follow';

interface Stored {
  reference: string;
  token: string;
  expiresAt: string;
}

/**
 * Where the mails link to (/exception/follow?reference=…): the reference and the one-time code
 * of the mail open the request for a day (the token lives in this tab only).
 */
export function ExceptionFollow() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [reference, setReference] = useState(params.get('reference') ?? '');
  const [code, setCode] = useState('');
  const [stored, setStored] = useState<Stored | null>(() => {
    const s = sessionStorage.getItem(TOKEN_KEY);
    const parsed = s ? (JSON.parse(s) as Stored) : null;
    return parsed && parsed.expiresAt > new Date().toISOString() ? parsed : null;
  });
  const [view, setView] = useState<OwnView | null>(null);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('follow.title'));

  const load = useCallback(async (s: Stored) => {
    try {
      setView(
        await call(
          client.GET('/api/v1/exception-requests/follow', { params: { header: { 'x-follow-token': s.token } } }),
        ),
      );
    } catch (e) {
      // an expired token: back to the code
      if (e instanceof ApiError && e.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        setStored(null);
      }
      setError(e);
    }
  }, []);

  useEffect(() => {
    if (stored) void load(stored);
  }, [stored, load]);

  const open = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice(null);
    try {
      const r = await call(
        client.POST('/api/v1/exception-requests/follow', {
          body: { reference: reference.trim().toUpperCase(), code: code.trim() },
        }),
      );
      const s = { reference: reference.trim().toUpperCase(), ...r };
      sessionStorage.setItem(TOKEN_KEY, JSON.stringify(s));
      setStored(s);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const newCode = async () => {
    setError(undefined);
    try {
      await call(client.POST('/api/v1/exception-requests/follow/code', { body: { reference: reference.trim() } }));
      setNotice(t('follow.codeSent'));
    } catch (err) {
      setError(err);
    }
  };

  const close = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setStored(null);
    setView(null);
    setCode('');
  };

  if (!stored || !view) {
    const codeError =
      error instanceof ApiError && (error.code === 'exception.invalid_code' || error.status === 400)
        ? errorMessage(t, error)
        : undefined;
    return (
      <section className="narrow">
        <h1>{t('follow.title')}</h1>
        <p className="lead">{t('follow.lead')}</p>
        {error !== undefined && !codeError && <Alert kind="error">{errorMessage(t, error)}</Alert>}
        {notice && <Alert kind="info">{notice}</Alert>}
        {stored && !view && error === undefined ? (
          <p aria-live="polite">{t('app.loading')}</p>
        ) : (
          <form onSubmit={open} noValidate>
            <Field
              label={t('follow.reference')}
              hint={t('follow.referenceHint')}
              value={reference}
              onChange={setReference}
              autoComplete="off"
              required
            />
            <Field
              label={t('follow.code')}
              hint={t('follow.codeHint')}
              value={code}
              onChange={setCode}
              error={codeError}
              autoComplete="one-time-code"
              required
            />
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t('follow.open')}
              </button>
              <button type="button" className="secondary" onClick={() => void newCode()} disabled={!reference.trim()}>
                {t('follow.newCode')}
              </button>
            </div>
          </form>
        )}
      </section>
    );
  }

  const isClosed = view.status === 'approved' || view.status === 'rejected';
  return (
    <section className="narrow">
      <h1>{t('follow.requestTitle', { reference: view.reference })}</h1>
      <dl className="summary">
        <dt>{t('follow.status')}</dt>
        <dd>
          <StatusBadge status={view.status} />
        </dd>
        <dt>{t('follow.enterprise')}</dt>
        <dd>{view.enterpriseName}</dd>
        <dt>{t('follow.proposed')}</dt>
        <dd>{view.proposed.name}</dd>
        <dt>{t('follow.reason')}</dt>
        <dd>{t(reasonKey(view.reason))}</dd>
        <dt>{t('follow.submittedAt')}</dt>
        <dd>{formatDate(view.submittedAt, i18n.language)}</dd>
        {!isClosed && (
          <>
            <dt>{t('follow.targetDate')}</dt>
            <dd>{formatDate(view.targetDate, i18n.language)}</dd>
          </>
        )}
      </dl>
      {view.status === 'rejected' && view.decisionReason && (
        <Alert kind="info">{t('follow.rejectedReason', { reason: view.decisionReason })}</Alert>
      )}
      {view.status === 'approved' && <Alert kind="success">{t('follow.approved', { name: view.proposed.name })}</Alert>}

      <h2>{t('follow.history')}</h2>
      <ol className="history">
        {view.history.map((h, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a history is append-only
          <li key={i}>
            <span className="muted">{formatDate(h.at, i18n.language)}</span> ·{' '}
            {t(`follow.actions.${h.action as 'submitted'}`, { defaultValue: h.action })}
            {h.message && <blockquote>{h.message}</blockquote>}
          </li>
        ))}
      </ol>

      <h2>{t('follow.documents')}</h2>
      <ul>
        {view.attachments.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: documents are only ever added
          <li key={i}>
            {t(`exception.documents.kinds.${a.kind as 'other'}`)}: {a.filename}{' '}
            <span className="muted">({formatDate(a.uploadedAt, i18n.language)})</span>
          </li>
        ))}
      </ul>

      {isClosed ? (
        <p className="card note">{t('follow.closed')}</p>
      ) : (
        <FollowAnswer
          token={stored.token}
          isQuestion={view.status === 'info_requested'}
          question={view.history.filter((h) => h.action === 'info_requested').at(-1)?.message ?? null}
          onDone={() => void load(stored)}
        />
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={close}>
          {t('follow.close')}
        </button>
      </div>
    </section>
  );
}
