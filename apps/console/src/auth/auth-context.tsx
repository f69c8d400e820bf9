import type { UserManager } from 'oidc-client-ts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import type { ConsoleConfig } from './console-config';
import { createUserManager, restoreSilently } from './oidc';
import { session } from './session';

/** Who is signed in, as the API sees them (`GET /v1/me`). */
export interface Me {
  kind: 'staff' | 'apiKey';
  subject: string | null;
  roles: string[];
  tenant: { slug: string; name: string; timezone: string } | null;
}

type Role = 'viewer' | 'editor' | 'admin' | 'ops';

interface Auth {
  config: ConsoleConfig;
  me: Me | null;
  /** Still finding out (configuration, a redirect's return, a silent sign-in, /v1/me). */
  loading: boolean;
  error: string | null;
  can(role: Role): boolean;
  signInWithProvider(returnTo: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The signed-in person's tenant time zone; the calendar and every date field use it. */
export function useTenant(): NonNullable<Me['tenant']> {
  const tenant = useAuth().me?.tenant;
  if (!tenant) throw new Error('useTenant on a page for a tenant\'s staff');
  return tenant;
}

const CALLBACK_PATH = '/console/callback';

export function AuthProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  const manager = useMemo<UserManager | null>(() => (config.oidc ? createUserManager(config.oidc) : null), [config]);
  const token = useSyncExternalStore(session.subscribe, session.token);
  const [me, setMe] = useState<Me | null>(null);
  const [starting, setStarting] = useState(Boolean(manager));
  const [error, setError] = useState<string | null>(null);

  // A return from the provider's sign-in page, or a silent sign-in after a reload.
  useEffect(() => {
    if (!manager) return;
    let cancelled = false;
    const start = async () => {
      if (window.location.pathname === CALLBACK_PATH) {
        try {
          const user = await manager.signinRedirectCallback();
          const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo ?? '/console/';
          window.history.replaceState(null, '', returnTo.startsWith('/console/') ? returnTo : '/console/');
        } catch (failure) {
          if (!cancelled) setError(`Sign-in failed: ${failure instanceof Error ? failure.message : String(failure)}`);
          window.history.replaceState(null, '', '/console/');
        }
      } else if (!session.token()) {
        await restoreSilently(manager);
      }
      if (!cancelled) setStarting(false);
    };
    void start();
    return () => void (cancelled = true);
  }, [manager]);

  useEffect(() => {
    if (!token) return setMe(null);
    let cancelled = false;
    unwrap(api.GET('/v1/me'))
      .then((answer) => !cancelled && setMe(answer as Me))
      .catch((failure: unknown) => !cancelled && setError(failure instanceof Error ? failure.message : String(failure)));
    return () => void (cancelled = true);
  }, [token]);

  const can = useCallback((role: Role) => Boolean(me?.roles.includes(role)), [me]);
  const signInWithProvider = useCallback(
    async (returnTo: string) => {
      if (!manager) throw new Error('No identity provider is configured.');
      await manager.signinRedirect({ state: { returnTo } });
    },
    [manager],
  );
  const signOut = useCallback(async () => {
    session.clear();
    setMe(null);
    if (manager) await manager.removeUser();
  }, [manager]);

  const value: Auth = { config, me, loading: starting || (Boolean(token) && !me && !error), error, can, signInWithProvider, signOut };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

