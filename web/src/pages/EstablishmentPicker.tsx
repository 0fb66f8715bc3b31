import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format.ts';
import { useApi } from '../hooks.ts';
import type { Enterprise } from '../types.ts';

/**
 * Issue 19: limit a grant to establishment units of the enterprise. The units are the ones the
 * register lists for it, so the page offers nothing the API would refuse; none checked is no
 * limit. Shown only when the enterprise has units. Used by a person's grant form and by each
 * system user's grant form (several on one page: the hint's and error's ids are the instance's own).
 */
export function EstablishmentPicker({
  en,
  value,
  onChange,
  error,
}: {
  en: string;
  value: string[];
  onChange(v: string[]): void;
  error?: string;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const units = useApi<Enterprise>(`/api/v1/enterprises/${en}`).data?.establishmentUnits ?? [];
  if (units.length === 0) return null;
  const toggle = (n: string, on: boolean) => onChange(on ? [...value, n].sort() : value.filter((x) => x !== n));
  return (
    <fieldset className={`establishments${error ? ' has-error' : ''}`} aria-describedby={hintId}>
      <legend>{t('establishments.legend')}</legend>
      <p className="hint" id={hintId}>
        {t('establishments.hint')}
      </p>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      {units.map((u) => (
        <label className="inline-check" key={u.number}>
          <input
            type="checkbox"
            name="establishments"
            value={u.number}
            checked={value.includes(u.number)}
            onChange={(e) => toggle(u.number, e.target.checked)}
            aria-describedby={error ? errorId : undefined}
          />{' '}
          {u.display}
          {u.startDate && (
            <span className="muted small">
              {' '}
              · {t('establishments.since', { date: formatDate(u.startDate, i18n.language) })}
            </span>
          )}
        </label>
      ))}
    </fieldset>
  );
}
