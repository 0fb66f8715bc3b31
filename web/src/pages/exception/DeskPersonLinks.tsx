import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Answer, api } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Field, TextArea } from '../../components/Field.tsx';
import { FieldSummary } from '../../components/FieldSummary.tsx';
import { errorMessage, fieldError } from '../../errors.ts';
import { displayPerson, formatDate, isEidasId, isPersonNumber } from '../../format.ts';
import { useApi, useTitle } from '../../hooks.ts';
import { useSession } from '../../session.tsx';
import { DeskRefusal } from './DeskGate.tsx';

type PersonLink = Answer<'/api/v1/service-desk/person-links'>['items'][number];
type Draft = { eidasId: string; personNumber: string; reason: string };
const FIELDS = ['eidasId', 'personNumber', 'reason'] as const;

/**
 * The service desk links a person known by an eIDAS identifier to the BIS or national number
 * they got later (issue 19, section 1): one operator proposes, another confirms or rejects (four
 * eyes; without four eyes the proposal links at once). The API refuses what this page lets through.
 */
export function DeskPersonLinks() {
  const { t } = useTranslation();
  useTitle(t('personLinks.title'));
  const list = useApi<{ items: PersonLink[] }>('/api/v1/service-desk/person-links');
  const [message, setMessage] = useState<string | null>(null);
  if (list.error !== undefined && !list.data) return <DeskRefusal error={list.error} />;
  const done = (text: string) => {
    setMessage(text);
    list.reload();
  };
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/service-desk">{t('desk.queueTitle')}</Link>
      </p>
      <h1>{t('personLinks.title')}</h1>
      <p className="lead">{t('personLinks.lead')}</p>
      {message && <Alert kind="success">{message}</Alert>}
      <ProposeLink onDone={done} />
      <Pending items={list.data?.items} isLoading={list.isLoading} onDone={done} />
    </section>
  );
}

function ProposeLink({ onDone }: { onDone(text: string): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>({ eidasId: '', personNumber: '', reason: '' });
  const [local, setLocal] = useState<Partial<Record<keyof Draft, string>>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Draft) => (v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setLocal((l) => ({ ...l, [k]: undefined }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: Partial<Record<keyof Draft, string>> = {};
    if (!isEidasId(draft.eidasId)) problems.eidasId = t('personLinks.errors.eidasId');
    if (!isPersonNumber(draft.personNumber) || isEidasId(draft.personNumber))
      problems.personNumber = t('personLinks.errors.personNumber');
    if (draft.reason.trim().length < 3) problems.reason = t('personLinks.errors.reason');
    setLocal(problems);
    setError(undefined);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const r = await api<PersonLink>('/api/v1/service-desk/person-links', {
        method: 'POST',
        body: {
          eidasId: draft.eidasId.trim(),
          personNumber: draft.personNumber.replace(/[\s.-]/g, ''),
          reason: draft.reason.trim(),
        },
      });
      setDraft({ eidasId: '', personNumber: '', reason: '' });
      const names = { eidas: displayPerson(r.eidasId), number: displayPerson(r.personNumber) };
      onDone(t(r.status === 'linked' ? 'personLinks.linked' : 'personLinks.proposed', names));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const shown = (k: keyof Draft) => local[k] ?? fieldError(t, error, k);
  const general = error !== undefined && FIELDS.every((k) => !fieldError(t, error, k));
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="propose-link">
      <h2 id="propose-link">{t('personLinks.propose')}</h2>
      {general && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      <FieldSummary error={error} fields={[...FIELDS]} />
      <Field
        label={t('personLinks.eidasId')}
        hint={t('personLinks.eidasIdHint')}
        value={draft.eidasId}
        onChange={set('eidasId')}
        error={shown('eidasId')}
        autoComplete="off"
        required
      />
      <Field
        label={t('personLinks.personNumber')}
        hint={t('personLinks.personNumberHint')}
        value={draft.personNumber}
        onChange={set('personNumber')}
        error={shown('personNumber')}
        inputMode="numeric"
        autoComplete="off"
        required
      />
      <TextArea
        label={t('personLinks.reason')}
        hint={t('personLinks.reasonHint')}
        value={draft.reason}
        onChange={set('reason')}
        error={shown('reason')}
        maxLength={1000}
        required
      />
      <p className="actions">
        <button type="submit" disabled={busy}>
          {t('personLinks.send')}
        </button>
      </p>
    </form>
  );
}

function Pending({
  items,
  isLoading,
  onDone,
}: {
  items: PersonLink[] | undefined;
  isLoading: boolean;
  onDone(text: string): void;
}) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const decide = async (l: PersonLink, decision: 'confirm' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<PersonLink>(`/api/v1/service-desk/person-links/${encodeURIComponent(l.id)}/decisions`, {
        method: 'POST',
        body: { decision },
      });
      const names = { eidas: displayPerson(r.eidasId), number: displayPerson(r.personNumber) };
      onDone(t(r.status === 'linked' ? 'personLinks.linked' : 'personLinks.rejected', names));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="pending-links">
      <h2 id="pending-links">{t('personLinks.pending')}</h2>
      {error !== undefined && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      {isLoading && !items && <p aria-live="polite">{t('app.loading')}</p>}
      {items?.length === 0 && <p>{t('personLinks.none')}</p>}
      {items?.map((l) => (
        <article key={l.id} className="card" aria-labelledby={`link-${l.id}`}>
          <h3 id={`link-${l.id}`}>
            {displayPerson(l.eidasId)} → {displayPerson(l.personNumber)}
          </h3>
          <ul className="plain">
            <li>
              {l.eidasName
                ? t('personLinks.eidasSays', {
                    name: l.eidasName,
                    date: l.eidasBirthDate ? formatDate(l.eidasBirthDate, i18n.language) : '?',
                  })
                : t('personLinks.notSeen')}
            </li>
            <li>{t('personLinks.register', { name: l.personName ?? t('personLinks.notInRegister') })}</li>
            <li>{t('personLinks.checked', { reason: l.reason })}</li>
            <li className="muted">
              {t('personLinks.proposedBy', {
                who: l.proposedByName ?? displayPerson(l.proposedBy),
                date: formatDate(l.proposedAt, i18n.language),
              })}
            </li>
          </ul>
          {me?.person === l.proposedBy ? (
            <p className="note">{t('personLinks.own')}</p>
          ) : (
            <div className="actions">
              <button type="button" disabled={busy} onClick={() => void decide(l, 'confirm')}>
                {t('personLinks.confirm')}
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => void decide(l, 'reject')}>
                {t('personLinks.reject')}
              </button>
            </div>
          )}
        </article>
      ))}
    </section>
  );
}
