import { describe, expect, it } from 'vitest';
import { decideUpdates, presenceTiming } from './updateSequence';

describe('decideUpdates', () => {
  it('applies a batch that starts at the synced version', () => {
    expect(decideUpdates(5, 2, 5)).toEqual({ kind: 'apply', skip: 0 });
  });

  it('pulls when the batch starts after the synced version', () => {
    expect(decideUpdates(7, 1, 5)).toEqual({ kind: 'pull' });
  });

  it('drops the prefix already applied', () => {
    expect(decideUpdates(3, 4, 5)).toEqual({ kind: 'apply', skip: 2 });
  });

  it('ignores a batch that was applied entirely', () => {
    expect(decideUpdates(3, 2, 5)).toEqual({ kind: 'ignore' });
    expect(decideUpdates(5, 0, 5)).toEqual({ kind: 'ignore' });
  });
});

describe('presenceTiming', () => {
  it('shows presence at the synced version now', () => {
    expect(presenceTiming(4, 4, 0)).toBe('now');
  });

  it('waits for the updates a newer presence saw', () => {
    expect(presenceTiming(6, 4, 0)).toBe('later');
  });

  it('maps an older presence through kept updates, or clamps it when they are gone', () => {
    expect(presenceTiming(3, 4, 2)).toBe('map');
    expect(presenceTiming(3, 4, 3)).toBe('map');
    expect(presenceTiming(1, 4, 2)).toBe('clamp');
  });
});
