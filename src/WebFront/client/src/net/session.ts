// The signed-in session. The access token lives in memory only; the refresh token is an HttpOnly cookie that only the
// refresh endpoint receives (page scripts never see it), so a reload or a new tab stays signed in by refreshing. A
// non-secret marker in localStorage says a session may exist (no refresh attempt without it) and tells other tabs
// when this one signs out. Tokens are renewed before they expire and after a 401; tabs renew one at a time (Web
// Locks) because the server revokes every token of a session when a rotated refresh token is used again.
import { ApiError } from './problem';
import { refreshDelayMs, tokenLifetimeMs } from './refreshSchedule';
import { request, setAuthHandler } from './rest';
import type { AuthResult, SignUpPending, SignUpResult, User } from './types';

export type SessionState =
  | { phase: 'loading' }
  | { phase: 'unreachable'; message: string }
  | { phase: 'signedOut'; reason?: string }
  | { phase: 'signedIn'; user: User };

const sessionMarkerKey = 'vibe.session';
/** Where earlier versions kept the refresh token itself; moved into the cookie on the next refresh. */
const legacyRefreshTokenKey = 'vibe.refreshToken';
const retryAfterNetworkErrorMs = 10_000;

/** Asks the server for the refresh token as a cookie; also what lets the refresh endpoint use that cookie (CSRF). */
const cookieSession = { 'X-Vibe-Session': 'cookie' };

let state: SessionState = { phase: 'loading' };
let accessToken: string | null = null;
let accessTokenExpiresAtMs = 0;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) {
    listener();
  }
}

function accept(result: AuthResult): void {
  const now = Date.now();
  const lifetime = tokenLifetimeMs(result.accessToken, result.accessTokenExpiresAt, now);
  accessToken = result.accessToken;
  accessTokenExpiresAtMs = now + lifetime;
  localStorage.setItem(sessionMarkerKey, '1');
  localStorage.removeItem(legacyRefreshTokenKey);
  scheduleRenewal(refreshDelayMs(lifetime));
  if (state.phase !== 'signedIn' || state.user.id !== result.user.id || state.user.displayName !== result.user.displayName || state.user.isAdmin !== result.user.isAdmin) {
    setState({ phase: 'signedIn', user: result.user });
  }
}

function end(reason?: string): void {
  clearTimeout(renewTimer);
  accessToken = null;
  accessTokenExpiresAtMs = 0;
  localStorage.removeItem(sessionMarkerKey);
  localStorage.removeItem(legacyRefreshTokenKey);
  setState({ phase: 'signedOut', reason });
}

function scheduleRenewal(delayMs: number): void {
  clearTimeout(renewTimer);
  renewTimer = setTimeout(() => void renew(), delayMs);
}

async function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('vibe.refresh', work) : work();
}

/** Exchanges the session cookie for new tokens; false when the session is over. */
function renew(): Promise<boolean> {
  renewing ??= withRefreshLock(async () => {
    // Inside the lock the browser sends the cookie another tab may just have rotated. A token kept by an earlier
    // version goes in the body once; the answer moves it into the cookie.
    const legacyToken = localStorage.getItem(legacyRefreshTokenKey);
    try {
      accept(
        await request<AuthResult>('POST', '/api/v1/auth/refresh', {
          json: legacyToken ? { refreshToken: legacyToken } : undefined,
          headers: cookieSession,
          anonymous: true,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ApiError && [400, 401, 403].includes(error.status)) {
        end(state.phase === 'signedIn' ? 'Your session has ended. Sign in again.' : undefined);
        return false;
      }
      scheduleRenewal(retryAfterNetworkErrorMs);
      throw error;
    }
  }).finally(() => {
    renewing = null;
  });
  return renewing;
}

setAuthHandler({
  async accessToken() {
    // A tab that slept past its timer renews before sending a token it knows has expired.
    if (accessToken && Date.now() >= accessTokenExpiresAtMs && state.phase === 'signedIn') {
      await renew();
    }
    return accessToken;
  },
  renew: () => renew().catch(() => false),
});

if (typeof window !== 'undefined') {
  // Signing out in one tab signs out every tab.
  window.addEventListener('storage', (event) => {
    if (event.key === sessionMarkerKey && event.newValue === null && state.phase === 'signedIn') {
      end();
    }
  });
}

export const session = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  state(): SessionState {
    return state;
  },

  /** The access token for the hub connection, renewed first if it has expired. */
  async accessToken(): Promise<string> {
    if (accessToken && Date.now() >= accessTokenExpiresAtMs) {
      await renew();
    }
    return accessToken ?? '';
  },

  /** Restores the session from the cookie (on load, or "try again" after a network error). */
  async restore(): Promise<void> {
    if (!localStorage.getItem(sessionMarkerKey) && !localStorage.getItem(legacyRefreshTokenKey)) {
      setState({ phase: 'signedOut' });
      return;
    }
    setState({ phase: 'loading' });
    try {
      await renew();
    } catch (error) {
      clearTimeout(renewTimer);
      setState({ phase: 'unreachable', message: error instanceof Error ? error.message : String(error) });
    }
  },

  async signIn(email: string, password: string): Promise<void> {
    accept(await request<AuthResult>('POST', '/api/v1/auth/login', { json: { email, password }, headers: cookieSession, anonymous: true }));
  },

  /**
   * Creates an account (with an invitation's token when sign-up needs one). Signs in, unless Vibe emails a link to
   * finish with: then the answer says where it went.
   */
  async register(email: string, password: string, displayName: string, invitation?: string): Promise<SignUpResult> {
    const result = await request<AuthResult | SignUpPending>('POST', '/api/v1/auth/register', {
      json: { email, password, displayName, invitation },
      headers: cookieSession,
      anonymous: true,
    });
    if ('accessToken' in result) {
      accept(result);
      return { signedIn: true };
    }
    return { signedIn: false, detail: result.detail };
  },

  /** Finishes an open sign-up from the emailed link, and signs in. */
  async confirmSignUp(token: string): Promise<void> {
    accept(await request<AuthResult>('POST', '/api/v1/auth/register/confirm', { json: { token }, headers: cookieSession, anonymous: true }));
  },

  /** Sets a new password from an admin's reset link, and signs in. */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    accept(await request<AuthResult>('POST', '/api/v1/auth/password-reset', { json: { token, newPassword }, headers: cookieSession, anonymous: true }));
  },

  async signOut(): Promise<void> {
    // Best effort: the local session ends either way.
    await request('DELETE', '/api/v1/auth/refresh', { headers: cookieSession, anonymous: true }).catch(() => undefined);
    end();
  },

  /** Changing the password revokes every other session; this one goes on with the new tokens when the server sends them. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const result = await request<AuthResult | undefined>('POST', '/api/v1/auth/password', { json: { currentPassword, newPassword }, headers: cookieSession });
    if (result?.accessToken) {
      accept(result);
    } else {
      end('Your password was changed. Sign in with the new one.');
    }
  },
};
