import { useCallback, useEffect, useReducer, useState } from 'react';
import { api } from '../net/api';
import { toast } from '../ui/toasts';
import { CreateWorkspaceDialog } from './CreateWorkspaceDialog';
import { WorkspaceRow } from './WorkspaceRow';
import { workspaceList } from './workspaceList';
import type { WorkspacePatch } from './useWorkspaceLive';
import './dashboard.css';

export function DashboardPage() {
  const [workspaces, dispatch] = useReducer(workspaceList, []);
  const [loaded, setLoaded] = useState(false);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api.workspaces
      .list()
      .then((list) => {
        if (!cancelled) {
          dispatch({ type: 'loaded', workspaces: list });
          setLoaded(true);
        }
      })
      .catch((error: unknown) => {
        toast.error(error);
        setLoaded(true);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const patch = useCallback((workspaceId: string, change: WorkspacePatch) => dispatch({ type: 'patched', workspaceId, patch: change }), []);
  const remove = useCallback((workspaceId: string) => dispatch({ type: 'removed', workspaceId }), []);

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
