import { ChangeSet, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { composePending, mapRanges, syncedText } from './rangeMapping';

describe('mapRanges', () => {
  it('moves ranges through changes in order', () => {
    const insertAtStart = ChangeSet.of({ from: 0, insert: 'abc' }, 10);
    const deleteMiddle = ChangeSet.of({ from: 5, to: 8 }, 13);
    expect(mapRanges([{ anchor: 2, head: 9 }], [insertAtStart, deleteMiddle], 10)).toEqual([{ anchor: 5, head: 9 }]);
  });

  it('clamps ranges to the document', () => {
    expect(mapRanges([{ anchor: -3, head: 50 }], [], 7)).toEqual([{ anchor: 0, head: 7 }]);
  });

  it('clamps into a change it cannot map (an out-of-date position)', () => {
    const shrink = ChangeSet.of({ from: 0, to: 4 }, 4);
    expect(mapRanges([{ anchor: 9, head: 9 }], [shrink], 0)).toEqual([{ anchor: 0, head: 0 }]);
  });
});

describe('composePending', () => {
  it('composes unconfirmed updates into one change from the synced document', () => {
    const first = ChangeSet.of({ from: 0, insert: 'x' }, 3);
    const second = ChangeSet.of({ from: 4, insert: 'y' }, 4);
    const composed = composePending([{ changes: first }, { changes: second }]);
    const doc = Text.of(['abc']);
    expect(composed!.apply(doc).toString()).toBe('xabcy');
    expect(syncedText(composed!.apply(doc), composed)).toBe('abc');
  });

  it('is null without updates', () => {
    expect(composePending([])).toBeNull();
    expect(syncedText(Text.of(['abc']), null)).toBe('abc');
  });
});
