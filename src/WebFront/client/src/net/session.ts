// The signed-in session: the access token lives in memory only, the refresh token in localStorage so a reload
// or a new tab stays signed in. Tokens are renewed before they expire and after a 401; tabs renew one at a time
// (Web Locks) because the server revokes every token of a session when a rotated refresh token is used again.
import { ApiError } from './problem';
import { refreshDelayMs, tokenLifetimeMs } from './refreshSchedule';
import { request, setAuthHandler } from './rest';
import type { AuthResult, User } from './types';

export type SessionState =
  | { phase: 'loading' }
  | { phase: 'unreachable'; message: string }
  | { phase: 'signedOut'; reason?: string }
  | { phase: 'signedIn'; user: User };

const refreshTokenKey = 'vibe.refreshToken';
const retryAfterNetworkErrorMs = 10_000;

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
  localStorage.setItem(refreshTokenKey, result.refreshToken);
  scheduleRenewal(refreshDelayMs(lifetime));
  if (state.phase !== 'signedIn' || state.user.id !== result.user.id || state.user.displayName !== result.user.displayName) {
    setState({ phase: 'signedIn', user: result.user });
  }
}

function end(reason?: string): void {
  clearTimeout(renewTimer);
  accessToken = null;
  accessTokenExpiresAtMs = 0;
  localStorage.removeItem(refreshTokenKey);
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

/** Exchanges the stored refresh token for new tokens; false when the session is over. */
function renew(): Promise<boolean> {
  renewing ??= withRefreshLock(async () => {
    // Read the token inside the lock: another tab may have rotated it while this one waited.
    const refreshToken = localStorage.getItem(refreshTokenKey);
    if (!refreshToken) {
      end();
      return false;
    }
    try {
      accept(await request<AuthResult>('POST', '/api/v1/auth/refresh', { json: { refreshToken }, anonymous: true }));
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 400)) {
        end('Your session has ended. Sign in again.');
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
    if (event.key === refreshTokenKey && event.newValue === null && state.phase === 'signedIn') {
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

  /** Restores the session from the stored refresh token (on load, or "try again" after a network error). */
  async restore(): Promise<void> {
    if (!localStorage.getItem(refreshTokenKey)) {
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
    accept(await request<AuthResult>('POST', '/api/v1/auth/login', { json: { email, password }, anonymous: true }));
  },

  async register(email: string, password: string, displayName: string): Promise<void> {
    accept(await request<AuthResult>('POST', '/api/v1/auth/register', { json: { email, password, displayName }, anonymous: true }));
  },

  async signOut(): Promise<void> {
    const refreshToken = localStorage.getItem(refreshTokenKey);
    if (refreshToken) {
      // Best effort: the local session ends either way.
      await request('POST', '/api/v1/auth/logout', { json: { refreshToken } }).catch(() => undefined);
    }
    end();
  },

  /** Changing the password revokes every other session; this one goes on with the new tokens when the server sends them. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const result = await request<AuthResult | undefined>('POST', '/api/v1/auth/password', { json: { currentPassword, newPassword } });
    if (result?.accessToken) {
      accept(result);
    } else {
      end('Your password was changed. Sign in with the new one.');
    }
  },
};
