import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { loadInto, type Loaded } from './loadInto';

export type { Loaded } from './loadInto';

export interface Load<T> {
  loaded: Loaded<T>;
  /** Changes the loaded value in place (after an edit the page made itself); nothing while loading or failed. */
  update: (change: (value: T) => T) => void;
  /** Loads again, keeping the current value on screen until the new one arrives. */
  reload: () => void;
}

/**
 * The pages' one way to load data: `load` runs when `deps` change, with an AbortSignal that aborts the request when
 * they change again or the page goes away, so an old answer never replaces a newer one.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Load<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const reloading = useRef(false);

  useEffect(() => {
    if (!reloading.current) {
      setLoaded((current) => (current.state === 'loading' ? current : { state: 'loading' }));
    }
    reloading.current = false;
    return loadInto(load, setLoaded);
    // `load` is a new function on every render; what it reads is in `deps`.
  }, [...deps, round]);

  const update = useCallback(
    (change: (value: T) => T) => setLoaded((current) => (current.state === 'loaded' ? { state: 'loaded', value: change(current.value) } : current)),
    [],
  );
  const reload = useCallback(() => {
    reloading.current = true;
    setRound((value) => value + 1);
  }, []);
  return { loaded, update, reload };
}
