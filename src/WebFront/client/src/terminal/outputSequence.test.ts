import { describe, expect, it } from 'vitest';
import { beginAttach, completeAttach, emptySequence, receiveOutput, type OutputSequence } from './outputSequence';

function attached(scrollback: string, endOffset: number): OutputSequence {
  return completeAttach(beginAttach(emptySequence), scrollback, endOffset).sequence;
}

describe('terminal output sequence', () => {
  it('writes the whole scrollback on the first attach', () => {
    const step = completeAttach(beginAttach(emptySequence), 'hello', 5);
    expect(step.write).toBe('hello');
    expect(step.reset).toBe(false);
    expect(step.sequence).toEqual({ attached: true, next: 5, pending: [] });
  });

  it('drops live chunks that end at or before the scrollback end', () => {
    const sequence = attached('abcdef', 6);
    expect(receiveOutput(sequence, { offset: 3, data: 'def' }).write).toBe('');
    expect(receiveOutput(sequence, { offset: 0, data: 'abc' }).write).toBe('');
  });

  it('trims a live chunk that overlaps what was written', () => {
    const step = receiveOutput(attached('abcdef', 6), { offset: 4, data: 'efgh' });
    expect(step.write).toBe('gh');
    expect(step.sequence.next).toBe(8);
  });

  it('writes contiguous live chunks in full', () => {
    const first = receiveOutput(attached('ab', 2), { offset: 2, data: 'cd' });
    const second = receiveOutput(first.sequence, { offset: 4, data: 'ef' });
    expect(first.write + second.write).toBe('cdef');
    expect(second.sequence.next).toBe(6);
  });

  it('buffers chunks that arrive before the attach completes and writes only their new part', () => {
    let sequence = beginAttach(emptySequence);
    sequence = receiveOutput(sequence, { offset: 8, data: 'ijk' }).sequence;
    sequence = receiveOutput(sequence, { offset: 5, data: 'fgh' }).sequence;
    const step = completeAttach(sequence, 'abcdefg', 7);
    expect(step.write).toBe('abcdefghijk');
    expect(step.sequence.next).toBe(11);
  });

  it('re-attaching after a reconnect writes only what was missed', () => {
    let sequence = attached('abc', 3);
    sequence = receiveOutput(sequence, { offset: 3, data: 'de' }).sequence;
    sequence = beginAttach(sequence);
    const step = completeAttach(sequence, 'abcdefgh', 8);
    expect(step.write).toBe('fgh');
    expect(step.reset).toBe(false);
  });

  it('re-attaching with nothing missed writes nothing', () => {
    const step = completeAttach(beginAttach(attached('abc', 3)), 'abc', 3);
    expect(step.write).toBe('');
    expect(step.sequence.next).toBe(3);
  });

  it('resets when more was missed than the scrollback holds', () => {
    const sequence = beginAttach(attached('abc', 3));
    // The server kept only the last 4 characters of 20.
    const step = completeAttach(sequence, 'qrst', 20);
    expect(step.reset).toBe(true);
    expect(step.write).toBe('qrst');
    expect(step.sequence.next).toBe(20);
  });

  it('resets when the server history is behind what was shown', () => {
    const step = completeAttach(beginAttach(attached('abcdef', 6)), 'xy', 2);
    expect(step.reset).toBe(true);
    expect(step.write).toBe('xy');
  });

  it('asks for a resync on a gap and keeps the chunk until the scrollback fills it', () => {
    const gap = receiveOutput(attached('abc', 3), { offset: 6, data: 'gh' });
    expect(gap.resync).toBe(true);
    expect(gap.write).toBe('');
    const filled = completeAttach(gap.sequence, 'abcdef', 6);
    expect(filled.write).toBe('defgh');
    expect(filled.sequence.next).toBe(8);
  });
});
