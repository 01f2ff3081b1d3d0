import { describe, expect, it } from 'vitest';
import { describeFileContent, maxViewedBytes } from './fileContent';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('describeFileContent', () => {
  it('shows UTF-8 text', () => {
    expect(describeFileContent(utf8('héllo\n'), 'text/plain; charset=utf-8')).toEqual({ kind: 'text', text: 'héllo\n', truncated: false });
  });

  it('shows text served as octet-stream when it decodes cleanly', () => {
    expect(describeFileContent(utf8('{"a":1}'), 'application/octet-stream')).toMatchObject({ kind: 'text', text: '{"a":1}' });
  });

  it('calls a file with NUL bytes or invalid UTF-8 binary, with its size', () => {
    expect(describeFileContent(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1]), 'application/octet-stream')).toEqual({ kind: 'binary', size: 6 });
    expect(describeFileContent(new Uint8Array([0xff, 0xfe, 0x41]), 'application/octet-stream')).toEqual({ kind: 'binary', size: 3 });
  });

  it('shows the beginning of a large file without splitting a character', () => {
    const bytes = new Uint8Array(maxViewedBytes + 10).fill(0x61);
    bytes.set(utf8('é'), maxViewedBytes - 1);
    const content = describeFileContent(bytes, 'text/plain');
    expect(content.kind).toBe('text');
    if (content.kind === 'text') {
      expect(content.truncated).toBe(true);
      expect(content.text).toHaveLength(maxViewedBytes - 1);
    }
  });
});
