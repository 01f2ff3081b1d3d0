/** What a page has of data it loads: still loading, the value, or why it could not be loaded. */
export type Loaded<T> = { state: 'loading' } | { state: 'loaded'; value: T } | { state: 'failed'; error: unknown };

/**
 * Runs `load` with a fresh AbortSignal and hands its outcome to `deliver`, unless the returned function was called
 * first: that aborts the request, and a late answer or failure is dropped (a page that moved on never shows it).
 */
export function loadInto<T>(load: (signal: AbortSignal) => Promise<T>, deliver: (loaded: Loaded<T>) => void): () => void {
  const abort = new AbortController();
  load(abort.signal).then(
    (value) => {
      if (!abort.signal.aborted) {
        deliver({ state: 'loaded', value });
      }
    },
    (error: unknown) => {
      if (!abort.signal.aborted) {
        deliver({ state: 'failed', error });
      }
    },
  );
  return () => abort.abort();
}
