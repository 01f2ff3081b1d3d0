import { describe, expect, it } from 'vitest';
import { inputChunks } from './inputChunks';

describe('inputChunks', () => {
  it('sends a keystroke as is', () => {
    expect(inputChunks('a')).toEqual(['a']);
    expect(inputChunks('')).toEqual([]);
  });

  it('splits a long paste into parts no longer than the limit, in order', () => {
    const paste = 'x'.repeat(10);
    expect(inputChunks(paste, 4)).toEqual(['xxxx', 'xxxx', 'xx']);
  });

  it('never cuts a surrogate pair in two', () => {
    const chunks = inputChunks('abc😀def', 4);
    expect(chunks.join('')).toBe('abc😀def');
    expect(chunks[0]).toBe('abc');
    expect(chunks[1]).toBe('😀de');
  });
});
