import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { ApiError, call, client, forgetCsrf, UNAUTHORIZED } from './api.ts';
import type { Me } from './types.ts';

interface Session {
  me: Me | null;
  isLoading: boolean;
  /** a session this page had has ended (the API answered 401) */
  hasExpired: boolean;
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session>({
  me: null,
  isLoading: true,
  hasExpired: false,
  refresh: async () => {},
  logout: async () => {},
});

/**
 * Who is logged in, read from /api/v1/me: the same answer names the person and lists their
 * enterprises, so one request serves the header and "my enterprises". 401 means nobody is.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [hasExpired, setExpired] = useState(false);
  const hadSession = useRef(false);
  hadSession.current = me !== null;

  const refresh = useCallback(async () => {
    try {
      setMe(await call(client.GET('/api/v1/me')));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) console.warn('session check failed', e);
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      const r = await call(client.POST('/auth/logout'));
      forgetCsrf();
      window.location.assign(r.logoutUrl);
    } catch {
      forgetCsrf();
      window.location.assign('/');
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A 401 while someone was logged in: the session ended (timed out, logged out elsewhere).
  useEffect(() => {
    const ended = () => {
      if (!hadSession.current) return;
      hadSession.current = false;
      forgetCsrf();
      setExpired(true);
      setMe(null);
    };
    window.addEventListener(UNAUTHORIZED, ended);
    return () => window.removeEventListener(UNAUTHORIZED, ended);
  }, []);

  return (
    <SessionContext.Provider value={{ me, isLoading, hasExpired, refresh, logout }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): Session {
  return useContext(SessionContext);
}

export function displayName(me: Me | null): string {
  if (!me) return '';
  const name = [me.givenName, me.familyName].filter(Boolean).join(' ');
  return name || me.person || me.foreignId || '';
}
