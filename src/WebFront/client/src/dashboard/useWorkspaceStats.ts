import { useEffect, useState } from 'react';
import { api } from '../net/api';
import type { WorkspaceStats } from '../net/types';

const pollMs = 5_000;

/** CPU and memory of a running workspace, polled every few seconds while the page is visible. */
export function useWorkspaceStats(workspaceId: string, running: boolean): WorkspaceStats | undefined {
  const [stats, setStats] = useState<WorkspaceStats>();

  useEffect(() => {
    if (!running) {
      setStats(undefined);
      return;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      if (document.visibilityState === 'visible') {
        try {
          const next = await api.workspaces.stats(workspaceId);
          if (!cancelled) {
            setStats(next);
          }
        } catch {
          // A workspace that is stopping has no stats; the status event will say so.
        }
      }
      if (!cancelled) {
        timer = setTimeout(() => void poll(), pollMs);
      }
    }
    void poll();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [workspaceId, running]);

  return stats;
}
