import { useSession } from './session.tsx';

/**
 * What the logged-in person may do here, read from /me (the server decides again on each call).
 * Its own module so that the dashboard and the sections it holds both import it, rather than the
 * sections importing back the page that renders them (issue 21, item 3).
 */
export function useMyRoles(en: string) {
  const { me } = useSession();
  const mine = me?.enterprises.find((e) => e.enterprise === en);
  const roles = mine?.roles ?? [];
  const isLr = roles.some((r) => r.role === 'legal_representative');
  const isMain = roles.some((r) => r.role === 'main');
  const isCoMain = roles.some((r) => r.role === 'co_main');
  const managedDomains = roles.filter((r) => r.role === 'domain' && r.domain).map((r) => r.domain as string);
  return { mine, isLr, isMain, isCoMain, managedDomains, isManager: isMain || isCoMain || managedDomains.length > 0 };
}

export type Roles = ReturnType<typeof useMyRoles>;
