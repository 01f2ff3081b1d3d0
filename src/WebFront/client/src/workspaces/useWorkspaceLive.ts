import { useEffect, useRef } from 'react';
import { hub } from '../net/hub';
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
    const release = hub.watchWorkspace(
      workspaceId,
      (workspace) => changed.current(workspace),
      (error) => failed.current?.(error),
    );
    return () => {
      offStatus();
      release();
    };
  }, [workspaceId]);
}
