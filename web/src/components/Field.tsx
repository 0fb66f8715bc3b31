import { type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes, useId } from 'react';
import { useTranslation } from 'react-i18next';

interface FrameProps {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** the control, given its id and the ids that describe it */
  children(id: string, a11y: { 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }): ReactNode;
}

/** Label, hint and error around a control, announced with it (aria-describedby). */
export function FieldFrame({ label, hint, error, required, children }: FrameProps) {
  const { t } = useTranslation();
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="muted"> ({t('fields.required')})</span>}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children(id, { 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
    </div>
  );
}

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange(value: string): void;
}

/** A labelled input. */
export function Field({ label, hint, error, value, onChange, required, ...rest }: FieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required}>
      {(id, a11y) => (
        <input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required={required}
          {...a11y}
          {...rest}
        />
      )}
    </FieldFrame>
  );
}

interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange'> {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange(value: string): void;
}

/** Field's twin for longer text. */
export function TextArea({ label, hint, error, value, onChange, required, ...rest }: TextAreaProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} required={required}>
      {(id, a11y) => (
        <textarea
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required={required}
          rows={4}
          {...a11y}
          {...rest}
        />
      )}
    </FieldFrame>
  );
}
