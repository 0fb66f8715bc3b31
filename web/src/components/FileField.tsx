import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCEPT, hintFor, MAX_FILE_BYTES, megabytes, sizeText } from '../exception/files.ts';

interface Props {
  label: string;
  hint?: string;
  error?: string;
  file: File | undefined;
  onChange(file: File | undefined): void;
  required?: boolean;
}

/**
 * A labelled document input: the accepted types and the size limit are said before choosing;
 * after choosing, the name and size, and an early warning when the type or size looks wrong.
 * The server's verdict (by content) comes back as `error`, next to the same input.
 */
export function FileField({ label, hint, error, file, onChange, required }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const early = file ? hintFor(file) : null;
  const warning =
    early === 'type'
      ? t('exception.documents.typeHint')
      : early === 'size'
        ? t('exception.documents.sizeHint', { mb: megabytes(MAX_FILE_BYTES) })
        : undefined;
  const shown = error ?? warning;
  const described = [`${id}-hint`, file ? `${id}-chosen` : '', shown ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${shown ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="muted"> ({t('fields.required')})</span>}
      </label>
      <p className="hint" id={`${id}-hint`}>
        {hint ? `${hint} ` : ''}
        {t('exception.documents.fileHint', { mb: megabytes(MAX_FILE_BYTES) })}
      </p>
      {shown && (
        <p className="field-error" id={`${id}-error`}>
          {shown}
        </p>
      )}
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        aria-invalid={shown ? true : undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.files?.[0] ?? undefined)}
      />
      {file && (
        <p className="small muted" id={`${id}-chosen`}>
          {t('exception.documents.chosen', { name: file.name, size: sizeText(file.size) })}
        </p>
      )}
    </div>
  );
}
