// The Preview tab's logic: which port to show, and the address that opens a path inside the previewed app.
import type { PreviewLink, PreviewPort } from '../net/types';

/** The query parameter of a preview link that carries its token (PreviewProxy.TokenParameter on the server). */
export const previewTokenParameter = 'vibe_preview_token';

/** Ask for a new link this long before the one in hand expires. */
export const linkRenewLeadMs = 60_000;

/**
 * What the address bar holds, as a path inside the app: always starts with exactly one '/', so that nothing typed
 * can leave the preview's origin ('//elsewhere.example' stays a path), and never contains the token.
 */
export function normalizePreviewPath(input: string): string {
  const trimmed = input.trim();
  const url = new URL(`/${trimmed.replace(/^\/+/, '')}`, 'http://preview.invalid');
  url.searchParams.delete(previewTokenParameter);
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The address of `path` inside the previewed app: the link's origin and path prefix ('/' on the preview's own
 * origin, '/preview/{workspace}/{port}/' in the path form), the path, and the link's token, which the proxy turns
 * into the preview origin's cookie before redirecting to the same address without it.
 */
export function previewAddress(linkUrl: string, path: string): string {
  const link = new URL(linkUrl);
  const token = link.searchParams.get(previewTokenParameter);
  const inside = new URL(normalizePreviewPath(path), 'http://preview.invalid');
  const prefix = link.pathname.replace(/\/+$/, '');
  const address = new URL(`${prefix}${inside.pathname}${inside.search}${inside.hash}`, link.origin);
  if (token) {
    address.searchParams.set(previewTokenParameter, token);
  }
  return address.toString();
}

/** The address bar's fixed part: the preview's host (and path prefix), without scheme or token. */
export function previewOrigin(linkUrl: string): string {
  const link = new URL(linkUrl);
  return `${link.host}${link.pathname.replace(/\/+$/, '')}`;
}

/**
 * The port to show after the list changed: the one shown before while it is still open; otherwise the lowest port
 * the preview can reach, or else the lowest port at all (its hint says to bind 0.0.0.0); none when nothing listens.
 */
export function choosePort(ports: readonly PreviewPort[], current: number | undefined): number | undefined {
  if (current !== undefined && ports.some((p) => p.port === current)) {
    return current;
  }
  const sorted = sortPorts(ports);
  return (sorted.find((p) => !p.loopbackOnly) ?? sorted[0])?.port;
}

/** Ports in ascending order, each once. */
export function sortPorts(ports: readonly PreviewPort[]): PreviewPort[] {
  const byPort = new Map<number, PreviewPort>();
  for (const port of ports) {
    byPort.set(port.port, port);
  }
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}

/** Whether a link is missing, for another port, or about to expire, so a new one is needed. */
export function needsNewLink(link: PreviewLink | undefined, port: number, nowMs: number): boolean {
  if (!link || link.port !== port) {
    return true;
  }
  const expires = Date.parse(link.expiresAt);
  return Number.isNaN(expires) || expires - nowMs < linkRenewLeadMs;
}

/** The two lists hold the same ports with the same flags (so a refresh that changed nothing re-renders nothing). */
export function samePorts(a: readonly PreviewPort[], b: readonly PreviewPort[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const other = b[i];
      return other !== undefined && p.port === other.port && p.loopbackOnly === other.loopbackOnly && p.public === other.public;
    })
  );
}
