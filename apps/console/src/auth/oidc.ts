import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { ConsoleConfig } from './console-config';
import { session } from './session';

/**
 * OpenID Connect, authorization code with PKCE (oidc-client-ts, the maintained certified client).
 * Tokens stay in memory (InMemoryWebStorage); only the short-lived state of a sign-in in progress
 * (state, nonce, PKCE verifier) survives the redirect, in sessionStorage, and is removed when the
 * redirect returns. Renewal is silent: a refresh token when the provider issued one, else a
 * hidden iframe (silent-renew.html) riding on the provider's own session.
 */
export function createUserManager(oidc: NonNullable<ConsoleConfig['oidc']>): UserManager {
  const origin = window.location.origin;
  const manager = new UserManager({
    authority: oidc.authority,
    client_id: oidc.clientId,
    scope: oidc.scope,
    response_type: 'code',
    redirect_uri: `${origin}/console/callback`,
    silent_redirect_uri: `${origin}/console/silent-renew.html`,
    post_logout_redirect_uri: `${origin}/console/`,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
    // The API trusts the provider's access token (JWT_JWKS_URL); the console needs no userinfo.
    loadUserInfo: false,
  });
  const adopt = (user: User | null) => {
    if (user?.access_token && user.expires_at) session.set(user.access_token, user.expires_at * 1000);
  };
  manager.events.addUserLoaded(adopt);
  manager.events.addSilentRenewError(() => session.expired());
  manager.events.addAccessTokenExpired(() => session.expired());
  return manager;
}

/** After a reload: sign in again without a page of the provider's, if its session allows. */
export async function restoreSilently(manager: UserManager): Promise<boolean> {
  try {
    const user = await manager.signinSilent();
    return Boolean(user?.access_token);
  } catch {
    return false;
  }
}
