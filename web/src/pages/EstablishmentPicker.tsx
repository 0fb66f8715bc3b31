import { useTranslation } from 'react-i18next';
import { formatDate } from '../format.ts';
import { useApi } from '../hooks.ts';
import type { Enterprise } from '../types.ts';

/**
 * Issue 19: limit a grant to establishment units of the enterprise. The units are the ones the
 * register lists for it, so the page offers nothing the API would refuse; none checked is no
 * limit. Shown only when the enterprise has units.
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
  const units = useApi<Enterprise>(`/api/v1/enterprises/${en}`).data?.establishmentUnits ?? [];
  if (units.length === 0) return null;
  const toggle = (n: string, on: boolean) => onChange(on ? [...value, n].sort() : value.filter((x) => x !== n));
  return (
    <fieldset className={`establishments${error ? ' has-error' : ''}`} aria-describedby="establishments-hint">
      <legend>{t('establishments.legend')}</legend>
      <p className="hint" id="establishments-hint">
        {t('establishments.hint')}
      </p>
      {error && (
        <p className="field-error" id="establishments-error">
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
            aria-describedby={error ? 'establishments-error' : undefined}
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
