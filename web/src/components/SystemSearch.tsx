import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answer, ApiError, call, client } from '../api.ts';
import { errorMessage, fieldError } from '../errors.ts';
import { Field } from './Field.tsx';

export type System = Answer<'/api/v1/systems'>['systems'][number];

/**
 * Finding a registered system by a part of its name or an exact client id (GET /api/v1/systems),
 * as an enterprise's own system users and those under a mandate both do; what is done with a
 * system found (added at once, or after a confirmation) is the page's.
 */
export function useSystemSearch() {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<System[] | null>(null);
  const [error, setError] = useState<unknown>();
  const search = async () => {
    setError(undefined);
    setFound(null);
    try {
      setFound((await call(client.GET('/api/v1/systems', { params: { query: { q: q.trim() } } }))).systems);
    } catch (e) {
      setError(e);
    }
  };
  /** Forgets the systems found (after one was added); `query` also empties the field. */
  const clear = (opts: { query?: boolean } = {}) => {
    setFound(null);
    if (opts.query) setQ('');
  };
  return { q, setQ, found, error, search, clear };
}

/** The search form: the query field (with the search's error) and its button. */
export function SystemSearchForm({
  search,
  required,
}: {
  search: ReturnType<typeof useSystemSearch>;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const { error } = search;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void search.search();
      }}
    >
      <Field
        label={t('systemUsers.query')}
        hint={t('systemUsers.queryHint')}
        value={search.q}
        onChange={search.setQ}
        required={required}
        maxLength={400}
        error={
          fieldError(t, error, 'q') ??
          (error !== undefined && !(error instanceof ApiError && error.fieldProblem('q'))
            ? errorMessage(t, error)
            : undefined)
        }
      />
      <p className="actions">
        <button type="submit" className="secondary">
          {t('app.search')}
        </button>
      </p>
    </form>
  );
}
