import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, client } from './api.ts';
import type { Domain, Lang, Localised } from './types.ts';

/** Picks the page language from a catalogue text, falling back to English. */
export function useLocalised(): (l: Localised) => string {
  const { i18n } = useTranslation();
  return useCallback((l: Localised) => l[i18n.language as Lang] ?? l.en, [i18n.language]);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  reload(): void;
}

/**
 * Loads one resource; `path` null waits (a page that needs something else first). A look-up the
 * server audits is a POST (the service desk's request page), never a GET.
 */
export function useApi<T>(path: string | null, method: 'GET' | 'POST' = 'GET'): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [isLoading, setLoading] = useState(path !== null);
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` is how reload() asks again
  useEffect(() => {
    if (path === null) return;
    let isCurrent = true;
    setLoading(true);
    api<T>(path, { method }).then(
      (d) => {
        if (!isCurrent) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e) => {
        if (!isCurrent) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [path, method, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, isLoading, reload };
}

let catalogue: Promise<Domain[]> | null = null;

/** The catalogue changes only with a release: load it once per page load. */
export function useDomains(): Domain[] {
  const [domains, setDomains] = useState<Domain[]>([]);
  useEffect(() => {
    catalogue ??= call(client.GET('/api/v1/domains')).then((r) => r.domains);
    catalogue.then(setDomains, () => {
      catalogue = null;
    });
  }, []);
  return domains;
}

/** Sets the document title with the page name, for screen readers and browser tabs. */
export function useTitle(title: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
}
