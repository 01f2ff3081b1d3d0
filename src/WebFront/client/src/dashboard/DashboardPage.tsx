import { useCallback, useState } from 'react';
import { useLoad } from '../app/useLoad';
import { api } from '../net/api';
import { toast } from '../ui/toasts';
import { CreateWorkspaceDialog } from './CreateWorkspaceDialog';
import { WorkspaceRow } from './WorkspaceRow';
import { workspaceList, type WorkspaceListAction } from './workspaceList';
import type { WorkspacePatch } from './useWorkspaceLive';
import './dashboard.css';

export function DashboardPage() {
  // A list that cannot be loaded is said once and shown empty: workspaces created from here still appear in it.
  const { loaded: list, update } = useLoad(
    (signal) =>
      api.workspaces.list(signal).then(
        (found) => workspaceList([], { type: 'loaded', workspaces: found }),
        (error: unknown) => {
          if (!signal.aborted) {
            toast.error(error);
          }
          return [];
        },
      ),
    [],
  );
  const [creating, setCreating] = useState(false);
  const dispatch = useCallback((action: WorkspaceListAction) => update((current) => workspaceList(current, action)), [update]);
  const loaded = list.state !== 'loading';
  const workspaces = list.state === 'loaded' ? list.value : [];

  const patch = useCallback((workspaceId: string, change: WorkspacePatch) => dispatch({ type: 'patched', workspaceId, patch: change }), [dispatch]);
  const remove = useCallback((workspaceId: string) => dispatch({ type: 'removed', workspaceId }), [dispatch]);

  return (
    <section className="page">
      <div className="page-header">
        <div>
          <h1>Workspaces</h1>
          <p className="muted page-subtitle">Containers with your code, a terminal and live logs.</p>
        </div>
        <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid="create-workspace">
          New workspace
        </button>
      </div>

      <div className="card workspace-list" data-testid="workspace-list" aria-busy={!loaded}>
        <div className="workspace-list-head" aria-hidden="true">
          <span>Name</span>
          <span>Status</span>
          <span>CPU</span>
          <span>Memory</span>
          <span />
        </div>
        {workspaces.map((workspace) => (
          <WorkspaceRow key={workspace.id} workspace={workspace} onChange={patch} onDeleted={remove} />
        ))}
        {loaded && workspaces.length === 0 ? (
          <div className="empty" data-testid="workspace-list-empty">
            No workspaces yet. Create one from a template to get a container with a terminal.
          </div>
        ) : null}
      </div>

      {creating ? (
        <CreateWorkspaceDialog
          onCreated={(workspace) => dispatch({ type: 'added', workspace })}
          onClose={() => setCreating(false)}
        />
      ) : null}
    </section>
  );
}
