import { describe, expect, it } from 'vitest';
import { HubError, isRefusal, retryDelayMs, toHubError, untilAnswered, watchRetryDelayMs } from './hubError';

describe('toHubError', () => {
  it('keeps only the message of a HubException, as a refusal', () => {
    const error = toHubError(new Error("An unexpected error occurred invoking 'SendInput' on the server. HubException: you need write access to type in this terminal"));
    expect(error.message).toBe('you need write access to type in this terminal');
    expect(error.kind).toBe('refused');
    expect(isRefusal(error)).toBe(true);
  });

  it('recognises the retryable error of a transient cluster failure', () => {
    const error = toHubError(
      new Error("An unexpected error occurred invoking 'PushDocumentUpdates' on the server. HubException: [retryable] The server is briefly unavailable while the cluster recovers; try again in a moment."),
    );
    expect(error.kind).toBe('retryable');
    expect(error.message).toBe('The server is briefly unavailable while the cluster recovers; try again in a moment.');
    expect(isRefusal(error)).toBe(false);
  });

  it('takes a server error without a message, or a dropped connection, for an unknown failure', () => {
    expect(toHubError(new Error("An unexpected error occurred invoking 'PushDocumentUpdates' on the server.")).kind).toBe('failed');
    const dropped = toHubError(new Error('Invocation canceled due to the underlying connection being closed.'));
    expect(dropped.kind).toBe('failed');
    expect(isRefusal(dropped)).toBe(false);
  });

  it('passes other errors through', () => {
    expect(toHubError(new Error('WebSocket closed with status code: 1006')).message).toBe('WebSocket closed with status code: 1006');
    expect(toHubError('Error: boom').message).toBe('boom');
    const own = new HubError('Not connected to the server.', 'failed');
    expect(toHubError(own)).toBe(own);
  });
});

describe('untilAnswered', () => {
  const refusal = new HubError('Too many requests', 'refused');
  const outage = new HubError('The server is briefly unavailable', 'retryable');

  function answersAfter(failures: Error[], answer: string) {
    let calls = 0;
    const call = () => {
      calls++;
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : Promise.resolve(answer);
    };
    return { call, calls: () => calls };
  }

  it('tries again after failures that are no refusal, waiting longer each time, until the server answers', async () => {
    const { call, calls } = answersAfter([outage, new HubError('WebSocket closed', 'failed'), outage], 'joined');
    const waits: number[] = [];

    const answer = await untilAnswered(call, () => true, async (ms) => void waits.push(ms));

    expect(answer).toBe('joined');
    expect(calls()).toBe(4);
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[0]).toBeLessThan(2000);
    expect(waits[2]).toBeGreaterThanOrEqual(4000);
  });

  it('throws a refusal at once: asking again gets the same answer', async () => {
    const { call, calls } = answersAfter([refusal], 'joined');

    await expect(untilAnswered(call, () => true, async () => undefined)).rejects.toBe(refusal);
    expect(calls()).toBe(1);
  });

  it('stops when the caller no longer wants the answer or the connection dropped', async () => {
    const { call, calls } = answersAfter([outage, outage, outage], 'joined');
    let wanted = true;

    const stopped = untilAnswered(call, () => wanted, async () => {
      wanted = calls() < 2;
    });

    await expect(stopped).rejects.toThrow('Stopped trying');
    expect(calls()).toBe(2);
  });

  it('throws the failure when it comes after the caller stopped wanting the answer', async () => {
    const { call, calls } = answersAfter([outage], 'joined');

    await expect(untilAnswered(call, () => false, async () => undefined)).rejects.toBe(outage);
    expect(calls()).toBe(1);
  });

  it('backs off to every thirty seconds or so, slower than an edit does', () => {
    expect(watchRetryDelayMs(20)).toBeGreaterThanOrEqual(30_000);
    expect(watchRetryDelayMs(20)).toBeLessThan(31_000);
    expect(retryDelayMs(0)).toBeLessThan(200);
    expect(retryDelayMs(20)).toBeGreaterThanOrEqual(10_000);
    expect(retryDelayMs(20)).toBeLessThan(10_100);
  });
});
