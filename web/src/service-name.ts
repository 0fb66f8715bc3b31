import { useLocalised } from './hooks.ts';
import type { Domain } from './types.ts';

/** The catalogue's name of a service (and role), or its code when the catalogue does not know it. */
export function useServiceName(domains: Domain[]) {
  const loc = useLocalised();
  return (code: string, roleCode?: string | null) => {
    const s = domains.flatMap((d) => d.services).find((x) => x.code === code);
    const r = roleCode ? s?.roles.find((x) => x.code === roleCode) : undefined;
    return `${s ? loc(s.name) : code}${roleCode ? ` · ${r ? loc(r.name) : roleCode}` : ''}`;
  };
}
