import { describe, expect, it } from 'vitest';
import type { PreviewLink, PreviewPort } from '../net/types';
import { choosePort, needsNewLink, normalizePreviewPath, previewAddress, previewOrigin, samePorts, sortPorts } from './previewAddress';

const hostLink = 'http://8000-ws1.preview.localhost:5000/?vibe_preview_token=abc%2B1';
const pathLink = 'http://localhost:5000/preview/ws1/8000/?vibe_preview_token=abc';

function port(number: number, flags: Partial<PreviewPort> = {}): PreviewPort {
  return { port: number, loopbackOnly: false, public: false, ...flags };
}

describe('normalizePreviewPath', () => {
  it('starts every path with one slash', () => {
    expect(normalizePreviewPath('')).toBe('/');
    expect(normalizePreviewPath('  about  ')).toBe('/about');
    expect(normalizePreviewPath('/docs/a b?q=1#top')).toBe('/docs/a%20b?q=1#top');
  });

  it('keeps a typed host name a path, so the frame cannot be sent to another origin', () => {
    expect(normalizePreviewPath('//evil.example/x')).toBe('/evil.example/x');
    expect(normalizePreviewPath('http://evil.example/')).toBe('/http://evil.example/');
  });

  it('drops a token typed into the address bar', () => {
    expect(normalizePreviewPath('/a?vibe_preview_token=x&b=2')).toBe('/a?b=2');
  });
});

describe('previewAddress', () => {
  it('puts the path at the root of the preview origin and keeps the token', () => {
    expect(previewAddress(hostLink, '/')).toBe('http://8000-ws1.preview.localhost:5000/?vibe_preview_token=abc%2B1');
    expect(previewAddress(hostLink, 'api/items?page=2#list')).toBe('http://8000-ws1.preview.localhost:5000/api/items?page=2&vibe_preview_token=abc%2B1#list');
  });

  it('puts the path under the prefix in the path form', () => {
    expect(previewAddress(pathLink, '/')).toBe('http://localhost:5000/preview/ws1/8000/?vibe_preview_token=abc');
    expect(previewAddress(pathLink, '/index.html')).toBe('http://localhost:5000/preview/ws1/8000/index.html?vibe_preview_token=abc');
  });

  it('never leaves the link origin', () => {
    expect(new URL(previewAddress(hostLink, '//evil.example/')).host).toBe('8000-ws1.preview.localhost:5000');
  });

  it('shows the host and prefix without scheme or token', () => {
    expect(previewOrigin(hostLink)).toBe('8000-ws1.preview.localhost:5000');
    expect(previewOrigin(pathLink)).toBe('localhost:5000/preview/ws1/8000');
  });
});

describe('choosePort', () => {
  it('keeps the port shown while it is open', () => {
    expect(choosePort([port(3000), port(8000)], 8000)).toBe(8000);
  });

  it('falls back to the lowest reachable port, then to a loopback-only one, then to none', () => {
    expect(choosePort([port(8000), port(3000, { loopbackOnly: true }), port(5173)], 4000)).toBe(5173);
    expect(choosePort([port(3000, { loopbackOnly: true })], undefined)).toBe(3000);
    expect(choosePort([], 8000)).toBeUndefined();
  });
});

describe('sortPorts and samePorts', () => {
  it('orders ports and lists each once', () => {
    expect(sortPorts([port(8000), port(22), port(8000, { public: true })]).map((p) => [p.port, p.public])).toEqual([
      [22, false],
      [8000, true],
    ]);
  });

  it('tells a changed flag from an unchanged list', () => {
    expect(samePorts([port(1), port(2)], [port(1), port(2)])).toBe(true);
    expect(samePorts([port(1)], [port(1, { public: true })])).toBe(false);
    expect(samePorts([port(1)], [port(1), port(2)])).toBe(false);
  });
});

describe('needsNewLink', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const link = (p: number, expiresAt: string): PreviewLink => ({ port: p, url: hostLink, pathUrl: pathLink, expiresAt, public: false });

  it('asks for a link when there is none, it is for another port, or it is about to expire', () => {
    expect(needsNewLink(undefined, 8000, now)).toBe(true);
    expect(needsNewLink(link(3000, '2026-01-01T20:00:00Z'), 8000, now)).toBe(true);
    expect(needsNewLink(link(8000, '2026-01-01T12:00:30Z'), 8000, now)).toBe(true);
    expect(needsNewLink(link(8000, '2026-01-01T20:00:00Z'), 8000, now)).toBe(false);
  });
});
