import { type TextareaHTMLAttributes, useId } from 'react';
import { useTranslation } from 'react-i18next';

interface Props extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange'> {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange(value: string): void;
}

/** Field's twin for longer text: label, hint and error announced with it. */
export function TextArea({ label, hint, error, value, onChange, required, ...rest }: Props) {
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
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        required={required}
        rows={4}
        {...rest}
      />
    </div>
  );
}
