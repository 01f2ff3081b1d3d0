import { useSyncExternalStore } from 'react';
import { session, type SessionState } from '../net/session';

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.state);
}
