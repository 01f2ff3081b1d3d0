import { describe, expect, it } from 'vitest';
import { minimumRefreshDelayMs, refreshDelayMs, tokenLifetimeMs } from './refreshSchedule';

function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

describe('token refresh schedule', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('refreshes a 15-minute token one minute before it expires', () => {
    expect(refreshDelayMs(15 * 60_000)).toBe(14 * 60_000);
  });

  it('refreshes a short-lived token after three quarters of its life', () => {
    expect(refreshDelayMs(60_000)).toBe(45_000);
  });

  it('never schedules a refresh sooner than the minimum delay', () => {
    expect(refreshDelayMs(0)).toBe(minimumRefreshDelayMs);
    expect(refreshDelayMs(-5_000)).toBe(minimumRefreshDelayMs);
  });

  it('measures the lifetime on the server clock from the JWT, whatever the local clock says', () => {
    const token = jwt({ sub: 'u1', iat: 1_000_000, exp: 1_000_900 });
    // expiresAt is an hour in the local past: the local clock is off, the token is still good for 15 minutes.
    expect(tokenLifetimeMs(token, '2026-01-01T11:00:00Z', now)).toBe(900_000);
  });

  it('falls back to expiresAt against the local clock for a token without iat/exp', () => {
    expect(tokenLifetimeMs('opaque-token', '2026-01-01T12:10:00Z', now)).toBe(600_000);
    expect(tokenLifetimeMs(jwt({ sub: 'u1' }), '2026-01-01T12:00:30Z', now)).toBe(30_000);
  });

  it('treats an expired or unreadable expiry as no lifetime left', () => {
    expect(tokenLifetimeMs('opaque', '2026-01-01T11:59:00Z', now)).toBe(0);
    expect(tokenLifetimeMs('opaque', 'not a date', now)).toBe(0);
  });
});
