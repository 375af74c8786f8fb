/** Who is signed in: the token (kept across tabs, so an email link opens signed in) and the caller's `/me`. */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, configureApi, get, send, storeSession, storedSession } from './api';
import { clearCache } from './data';
import { useLanguage } from './i18n';
import { navigate } from './router';
import type { LoginResult, Me } from './types';

const ME_KEY = 'secondment.me';

interface SessionState {
  me: Me | null;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState>({
  me: null,
  signIn: () => Promise.resolve(),
  signOut: () => Promise.resolve(),
  refresh: () => Promise.resolve(),
});

function knownMe(): Me | null {
  if (!storedSession()) return null;
  try {
    return JSON.parse(localStorage.getItem(ME_KEY) ?? 'null') as Me | null;
  } catch {
    return null;
  }
}

function loginPath(): string {
  const here = location.pathname + location.search;
  return here.startsWith('/login') || here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [me, setMe] = useState<Me | null>(knownMe);
  const { setLanguage } = useLanguage();

  const forget = useCallback(() => {
    storeSession(null);
    localStorage.removeItem(ME_KEY);
    clearCache();
    setMe(null);
  }, []);

  const refresh = useCallback(async () => {
    if (!storedSession()) return;
    try {
      const fresh = await get<Me>('/me');
      localStorage.setItem(ME_KEY, JSON.stringify(fresh));
      setMe(fresh);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) forget();
    }
  }, [forget]);

  useEffect(() => {
    configureApi({
      onUnauthenticated: () => {
        forget();
        if (!location.pathname.startsWith('/login')) navigate(loginPath(), { replace: true });
      },
    });
    void refresh();
  }, [forget, refresh]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const result = await send<LoginResult>('POST', '/auth/login', { username, password });
      clearCache();
      storeSession({ token: result.token, expiresAt: result.expiresAt });
      setLanguage(result.user.language);
      await refresh();
    },
    [refresh, setLanguage],
  );

  const signOut = useCallback(async () => {
    try {
      await send('POST', '/auth/logout');
    } catch {
      // The session ends here whatever the server says; it expires there by itself.
    }
    forget();
    navigate('/login');
  }, [forget]);

  const value = useMemo(() => ({ me, signIn, signOut, refresh }), [me, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}

export { loginPath };
