import { useEffect, useRef } from 'react';
import { hub } from '../net/hub';
import { toast } from '../ui/toasts';
import type { Workspace, WorkspaceStatus } from '../net/types';

export type WorkspacePatch = Partial<Workspace> & { status?: WorkspaceStatus };

/**
 * Follows one workspace over the hub: its full state when joined (and again after a reconnect), then every
 * status change. onChange may change between renders without re-joining.
 */
export function useWorkspaceLive(workspaceId: string | undefined, onChange: (patch: WorkspacePatch) => void, onError?: (error: Error) => void): void {
  const changed = useRef(onChange);
  const failed = useRef(onError);
  changed.current = onChange;
  failed.current = onError;

  useEffect(() => {
    if (!workspaceId) {
      return;
    }
    const offStatus = hub.on('status', (event) => {
      if (event.workspaceId === workspaceId) {
        changed.current({ status: event.status, error: event.error ?? null });
      }
    });
    // The hub could not replay the status changes missed while disconnected; it re-joins and hands over the current state.
    const offReset = hub.on('streamReset', (reset) => {
      if (reset.workspaceId === workspaceId && reset.stream === 'status') {
        toast.info('Reconnected. Some status changes were missed; showing the current state.');
      }
    });
    const release = hub.watchWorkspace(
      workspaceId,
      (workspace) => changed.current(workspace),
      (error) => failed.current?.(error),
    );
    return () => {
      offStatus();
      offReset();
      release();
    };
  }, [workspaceId]);
}
