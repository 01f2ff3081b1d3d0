import { ChangeSet, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { diffChange, rebaseOntoReload } from './reloadRebase';

function apply(text: string, changes: ChangeSet): string {
  return changes.apply(Text.of(text.split('\n'))).toString();
}

describe('diffChange', () => {
  it('turns one text into the other', () => {
    for (const [from, to] of [
      ['hello world', 'hello brave world'],
      ['abc', ''],
      ['', 'xyz'],
      ['same', 'same'],
      ['line1\nline2\n', 'line1\nLINE2\nline3\n'],
      ['a😀b', 'a😁b'],
    ] as const) {
      expect(apply(from, diffChange(from, to))).toBe(to);
    }
  });

  it('is empty for equal texts', () => {
    expect(diffChange('same', 'same').empty).toBe(true);
  });

  it('does not split a surrogate pair', () => {
    const change = diffChange('a😀b', 'a😁b');
    const touched: [number, number][] = [];
    change.iterChangedRanges((fromA, toA) => touched.push([fromA, toA]));
    expect(touched).toEqual([[1, 3]]);
  });
});

describe('rebaseOntoReload', () => {
  it('keeps a local edit made away from the server change', () => {
    const before = 'one\ntwo\nthree';
    const reloaded = 'ONE\ntwo\nthree';
    const local = ChangeSet.of({ from: before.length, insert: '\nfour' }, before.length);
    const rebased = rebaseOntoReload(before, reloaded, local);
    expect(rebased).not.toBeNull();
    expect(apply(reloaded, rebased!)).toBe('ONE\ntwo\nthree\nfour');
  });

  it('keeps a local insert next to a server insert', () => {
    const before = 'let x = 1;';
    const reloaded = '// header\nlet x = 1;';
    const local = ChangeSet.of({ from: 8, to: 9, insert: '2' }, before.length);
    expect(apply(reloaded, rebaseOntoReload(before, reloaded, local)!)).toBe('// header\nlet x = 2;');
  });

  it('gives null when there are no local edits', () => {
    expect(rebaseOntoReload('a', 'b', null)).toBeNull();
    expect(rebaseOntoReload('a', 'b', ChangeSet.empty(1))).toBeNull();
  });
});
