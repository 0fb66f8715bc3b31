import { useId } from 'react';

/** A labelled progress bar; `value` null shows an indeterminate bar. */
export function Progress({ label, value, text }: { label: string; value: number | null; text?: string }) {
  const id = useId();
  return (
    <div className="progress">
      <label htmlFor={id}>{label}</label>
      <progress id={id} max={1} {...(value === null ? {} : { value })} aria-valuetext={text} />
      {text && (
        <span className="small muted" aria-hidden="true">
          {text}
        </span>
      )}
    </div>
  );
}
