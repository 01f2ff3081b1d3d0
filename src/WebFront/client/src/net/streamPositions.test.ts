import { describe, expect, it } from 'vitest';
import { createStreamPositions } from './streamPositions';

describe('stream positions', () => {
  it('joins from now on until an event with a token was handled, then resumes after the last one', () => {
    const positions = createStreamPositions();
    expect(positions.join('workspace', 'w1')).toEqual({ method: 'JoinWorkspace', args: ['w1'] });
    expect(positions.join('agent', 'w1')).toEqual({ method: 'WatchAgent', args: ['w1'] });

    positions.accept('status', 'w1', 'p2-o7-e0');
    positions.accept('status', 'w1', 'p2-o12-e0');
    positions.accept('agent', 'w1', 'p0-o3-e1');

    expect(positions.join('workspace', 'w1')).toEqual({ method: 'ResumeWorkspace', args: ['w1', 'p2-o12-e0', null] });
    expect(positions.join('agent', 'w1')).toEqual({ method: 'ResumeAgent', args: ['w1', 'p0-o3-e1'] });
    expect(positions.join('workspace', 'w2')).toEqual({ method: 'JoinWorkspace', args: ['w2'] });
  });

  it('resumes the status and log lines of a workspace together, each from its own last token', () => {
    const positions = createStreamPositions();
    positions.accept('logs', 'w1', 'p3-o40-e7');
    expect(positions.join('workspace', 'w1')).toEqual({ method: 'ResumeWorkspace', args: ['w1', null, 'p3-o40-e7'] });
    positions.accept('status', 'w1', 'p1-o2-e0');
    expect(positions.join('workspace', 'w1')).toEqual({ method: 'ResumeWorkspace', args: ['w1', 'p1-o2-e0', 'p3-o40-e7'] });
    // The streams are on different partitions: a log line's token never makes a status event a repeat.
    expect(positions.accept('status', 'w1', 'p1-o3-e0')).toBe(true);
    expect(positions.accept('logs', 'w1', 'p3-o40-e6')).toBe(false);
  });

  it('drops an event at or before the last one handled, comparing offsets as numbers', () => {
    const positions = createStreamPositions();
    expect(positions.accept('agent', 'w1', 'p1-o9-e0')).toBe(true);
    expect(positions.accept('agent', 'w1', 'p1-o10-e0')).toBe(true);
    expect(positions.accept('agent', 'w1', 'p1-o10-e0')).toBe(false);
    expect(positions.accept('agent', 'w1', 'p1-o9-e0')).toBe(false);
    expect(positions.accept('agent', 'w1', 'p1-o10-e1')).toBe(true);
    expect(positions.since('agent', 'w1')).toBe('p1-o10-e1');
    // Another workspace's stream has its own position.
    expect(positions.accept('agent', 'w2', 'p1-o1-e0')).toBe(true);
  });

  it('accepts events without a token, and keeps the position of the last one that had one', () => {
    const positions = createStreamPositions();
    positions.accept('status', 'w1', 'p0-o4-e0');
    expect(positions.accept('status', 'w1', undefined)).toBe(true);
    expect(positions.accept('status', 'w1', 'not-a-token')).toBe(true);
    expect(positions.since('status', 'w1')).toBe('p0-o4-e0');
  });

  it('joins from now on again after the position is forgotten (a reset, or nobody watches)', () => {
    const positions = createStreamPositions();
    positions.accept('status', 'w1', 'p0-o4-e0');
    positions.forget('status', 'w1');
    expect(positions.join('workspace', 'w1')).toEqual({ method: 'JoinWorkspace', args: ['w1'] });
    expect(positions.accept('status', 'w1', 'p0-o1-e0')).toBe(true);
  });

  it('resumes the log lines from the mark until a line arrives, and the mark makes no line a repeat', () => {
    const positions = createStreamPositions();
    positions.mark('logs', 'w1', null); // in-memory streams: no mark
    expect(positions.join('workspace', 'w1')).toEqual({ method: 'JoinWorkspace', args: ['w1'] });

    positions.mark('logs', 'w1', 'p3-o40-e0');
    expect(positions.resumeFrom('logs', 'w1')).toBe('p3-o40-e0');
    expect(positions.join('workspace', 'w1')).toEqual({ method: 'ResumeWorkspace', args: ['w1', null, 'p3-o40-e0'] });
    // A line stored before the mark but delivered after it is still new; from then on the last line decides.
    expect(positions.accept('logs', 'w1', 'p3-o39-e0')).toBe(true);
    expect(positions.join('workspace', 'w1')).toEqual({ method: 'ResumeWorkspace', args: ['w1', null, 'p3-o39-e0'] });

    positions.forget('logs', 'w1');
    expect(positions.resumeFrom('logs', 'w1')).toBeUndefined();
  });
});
