import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { TextArea } from '../../components/Field.tsx';
import { FileField } from '../../components/FileField.tsx';
import { Progress } from '../../components/Progress.tsx';
import { errorMessage } from '../../errors.ts';
import { documentError } from '../../exception/errors.ts';
import type { DocumentKind } from '../../exception/types.ts';
import { upload } from '../../exception/upload.ts';

const KINDS: DocumentKind[] = ['proof_of_representation', 'identity_document', 'signed_form', 'other'];

/** The requester's answer to a question, and/or more documents, sent with progress. */
export function FollowAnswer(props: { token: string; isQuestion: boolean; question: string | null; onDone(): void }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [kind, setKind] = useState<DocumentKind>('proof_of_representation');
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<unknown>();
  const [localError, setLocalError] = useState<string>();
  const [progress, setProgress] = useState<number | null>(null);
  const [sent, setSent] = useState(false);
  // a new key empties the file input after a document went out
  const [round, setRound] = useState(0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setSent(false);
    if (!message.trim() && !file) {
      setLocalError(t('follow.answerEmpty'));
      return;
    }
    setLocalError(undefined);
    const form = new FormData();
    if (message.trim()) form.append('message', message.trim());
    if (file) form.append(kind, file, file.name);
    setProgress(0);
    try {
      await upload('/api/v1/exception-requests/follow/answer', form, {
        headers: { 'x-follow-token': props.token },
        onProgress: setProgress,
      });
      setSent(true);
      setMessage('');
      setFile(undefined);
      setRound((r) => r + 1);
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };

  const fileError = documentError(t, error, file?.name);
  return (
    <section aria-labelledby="answer-title">
      <h2 id="answer-title">{props.isQuestion ? t('follow.answerTitle') : t('follow.addTitle')}</h2>
      {props.isQuestion && props.question && (
        <div className="card note">
          <p className="small-heading">{t('follow.question')}</p>
          <blockquote>{props.question}</blockquote>
        </div>
      )}
      {sent && <Alert kind="success">{t('follow.sent')}</Alert>}
      {error !== undefined && !fileError && <Alert kind="error">{errorMessage(t, error)}</Alert>}
      <form onSubmit={submit} noValidate>
        <TextArea
          label={t('follow.message')}
          value={message}
          onChange={setMessage}
          error={localError}
          maxLength={5000}
        />
        <div className="field">
          <label htmlFor="answer-kind">{t('follow.kind')}</label>
          <select id="answer-kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`exception.documents.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <FileField key={round} label={t('follow.file')} file={file} onChange={setFile} error={fileError} />
        {progress !== null && (
          <Progress label={t('exception.uploading')} value={progress} text={`${Math.round(progress * 100)} %`} />
        )}
        <div className="actions">
          <button type="submit" disabled={progress !== null}>
            {t('follow.send')}
          </button>
        </div>
      </form>
    </section>
  );
}
