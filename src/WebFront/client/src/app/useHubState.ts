import { useSyncExternalStore } from 'react';
import { hub, type HubState } from '../net/hub';

export function useHubState(): HubState {
  return useSyncExternalStore(hub.subscribeState, hub.state);
}
