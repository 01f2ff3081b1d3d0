// When to refresh an access token: a little before it expires, measured on the server's clock so that a
// client clock that is minutes off neither refreshes in a loop nor lets the token lapse.

/** Refresh this long before expiry, at most; short-lived tokens refresh after three quarters of their life. */
export const refreshLeadMs = 60_000;

/** Never schedule refreshes closer together than this, whatever the token says. */
export const minimumRefreshDelayMs = 1_000;

/**
 * How long the token stays valid from the moment it was received. The JWT's exp − iat is the lifetime on the
 * server's clock; without them, fall back to expiresAt against the local clock.
 */
export function tokenLifetimeMs(accessToken: string, expiresAt: string, nowMs: number): number {
  const claims = decodeJwtClaims(accessToken);
  if (claims && typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp > claims.iat) {
    return (claims.exp - claims.iat) * 1000;
  }
  const expires = Date.parse(expiresAt);
  return Number.isNaN(expires) ? 0 : Math.max(0, expires - nowMs);
}

/** The delay before refreshing a token that is valid for lifetimeMs from now. */
export function refreshDelayMs(lifetimeMs: number): number {
  const lead = Math.min(refreshLeadMs, lifetimeMs / 4);
  return Math.max(minimumRefreshDelayMs, Math.floor(lifetimeMs - lead));
}

function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) {
    return undefined;
  }
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
