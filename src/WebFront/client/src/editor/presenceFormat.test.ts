import { describe, expect, it } from 'vitest';
import { colorFromSeed, cursorLabel, safeColor, selectionTint } from './presenceFormat';

describe('safeColor', () => {
  it('keeps hex, rgb() and hsl() colours', () => {
    expect(safeColor('#e11d48', 'u')).toBe('#e11d48');
    expect(safeColor(' #abc ', 'u')).toBe('#abc');
    expect(safeColor('rgb(10, 20, 30)', 'u')).toBe('rgb(10, 20, 30)');
    expect(safeColor('hsl(210, 60%, 40%)', 'u')).toBe('hsl(210, 60%, 40%)');
  });

  it('replaces anything else with the seed colour', () => {
    expect(safeColor('red; background: url(x)', 'user-1')).toBe(colorFromSeed('user-1'));
    expect(safeColor('', 'user-1')).toBe(colorFromSeed('user-1'));
    expect(safeColor(undefined, 'user-2')).toBe(colorFromSeed('user-2'));
    expect(safeColor('#12345', 'user-2')).toBe(colorFromSeed('user-2'));
  });

  it('derives the same colour for the same seed and an hsl() colour', () => {
    expect(colorFromSeed('abc')).toBe(colorFromSeed('abc'));
    expect(colorFromSeed('abc')).toMatch(/^hsl\(\d+, 65%, 42%\)$/);
  });

  it('tints selections with the colour', () => {
    expect(selectionTint('#e11d48')).toBe('color-mix(in srgb, #e11d48 28%, transparent)');
  });
});

describe('cursorLabel', () => {
  it('puts the name on one trimmed line', () => {
    expect(cursorLabel('  Ada\n Lovelace ')).toBe('Ada Lovelace');
  });

  it('shortens long names with an ellipsis without splitting astral characters', () => {
    const label = cursorLabel('😀'.repeat(30));
    expect([...label]).toHaveLength(24);
    expect(label.endsWith('…')).toBe(true);
    expect(label.startsWith('😀')).toBe(true);
  });

  it('says Someone when there is no name', () => {
    expect(cursorLabel('   ')).toBe('Someone');
    expect(cursorLabel(null)).toBe('Someone');
  });
});
