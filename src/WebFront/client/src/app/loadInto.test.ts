import { describe, expect, it, vi } from 'vitest';
import { loadInto, type Loaded } from './loadInto';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('loadInto', () => {
  it('delivers the value the load resolves to', async () => {
    const delivered: Loaded<number>[] = [];
    loadInto(() => Promise.resolve(42), (loaded) => delivered.push(loaded));
    await vi.waitFor(() => expect(delivered).toEqual([{ state: 'loaded', value: 42 }]));
  });

  it('delivers the failure when the load rejects', async () => {
    const delivered: Loaded<number>[] = [];
    const failure = new Error('offline');
    loadInto(() => Promise.reject(failure), (loaded) => delivered.push(loaded));
    await vi.waitFor(() => expect(delivered).toEqual([{ state: 'failed', error: failure }]));
  });

  it('aborts the request and drops its late answer once cancelled', async () => {
    const answer = deferred<string>();
    const delivered: Loaded<string>[] = [];
    let signal: AbortSignal | undefined;
    const cancel = loadInto((given) => {
      signal = given;
      return answer.promise;
    }, (loaded) => delivered.push(loaded));

    expect(signal?.aborted).toBe(false);
    cancel();
    answer.resolve('stale');
    await answer.promise;
    await Promise.resolve();

    expect(signal?.aborted).toBe(true);
    expect(delivered).toEqual([]);
  });

  it('drops the failure of a cancelled load (the abort itself is no error to show)', async () => {
    const answer = deferred<string>();
    const delivered: Loaded<string>[] = [];
    const cancel = loadInto(() => answer.promise, (loaded) => delivered.push(loaded));

    cancel();
    answer.reject(new DOMException('The operation was aborted.', 'AbortError'));
    await answer.promise.catch(() => undefined);
    await Promise.resolve();

    expect(delivered).toEqual([]);
  });

  it('keeps loads apart: only the newest of two delivers', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const delivered: Loaded<string>[] = [];
    const cancelFirst = loadInto(() => first.promise, (loaded) => delivered.push(loaded));
    cancelFirst();
    loadInto(() => second.promise, (loaded) => delivered.push(loaded));

    second.resolve('new');
    first.resolve('old');
    await vi.waitFor(() => expect(delivered).toEqual([{ state: 'loaded', value: 'new' }]));
  });
});
