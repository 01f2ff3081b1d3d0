import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../net/types';
import { mergeLogLines } from './logLines';

function line(second: number, text: string, stream: LogEntry['stream'] = 'stdout'): LogEntry {
  return { stream, text, timestamp: `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z` };
}

describe('mergeLogLines', () => {
  it('adds the tail before live lines that arrived while it loaded, without duplicates', () => {
    const live = [line(3, 'c'), line(4, 'd')];
    const tail = [line(1, 'a'), line(2, 'b'), line(3, 'c')];
    expect(mergeLogLines(live, tail).map((l) => l.text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps identical lines that really were printed twice', () => {
    const existing = [line(1, 'same')];
    const incoming = [line(1, 'same'), line(1, 'same')];
    expect(mergeLogLines(existing, incoming).map((l) => l.text)).toEqual(['same', 'same']);
  });

  it('tells stdout from stderr', () => {
    expect(mergeLogLines([line(1, 'x', 'stdout')], [line(1, 'x', 'stderr')])).toHaveLength(2);
  });

  it('keeps arrival order when a line has no timestamp', () => {
    const untimed: LogEntry = { stream: 'stdout', text: 'no time', timestamp: null };
    expect(mergeLogLines([line(5, 'late')], [untimed, line(1, 'early')]).map((l) => l.text)).toEqual(['late', 'no time', 'early']);
    expect(mergeLogLines([untimed], [{ ...untimed }])).toHaveLength(1);
  });

  it('keeps only the newest lines', () => {
    const lines = Array.from({ length: 10 }, (_, i) => line(i, `l${i}`));
    expect(mergeLogLines([], lines, 3).map((l) => l.text)).toEqual(['l7', 'l8', 'l9']);
  });
});
