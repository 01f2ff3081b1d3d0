import { memo, useState } from 'react';
import { Link } from '../app/Link';
import type { WorkspaceSummary } from '../net/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { formatBytes, formatPercent } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import { api } from '../net/api';
import { toast } from '../ui/toasts';
import { adminOnlyReason, StartStopButton } from './StartStopButton';
import { useWorkspaceLive, type WorkspacePatch } from './useWorkspaceLive';
import { useWorkspaceStats } from './useWorkspaceStats';

interface WorkspaceRowProps {
  workspace: WorkspaceSummary;
  onChange: (workspaceId: string, patch: WorkspacePatch) => void;
  onDeleted: (workspaceId: string) => void;
}

export const WorkspaceRow = memo(function WorkspaceRow({ workspace, onChange, onDeleted }: WorkspaceRowProps) {
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const running = workspace.status === 'running';
  const stats = useWorkspaceStats(workspace.id, running);
  useWorkspaceLive(workspace.id, (patch) => onChange(workspace.id, patch));

  const cpu = stats?.cpuPercent ?? workspace.cpuPercent;
  const memory = stats?.memoryBytes ?? workspace.memoryBytes;
  const memoryLimit = stats?.memoryLimitBytes ?? workspace.memoryLimitBytes;
  const memoryShare = memory != null && memoryLimit ? Math.min(100, (memory / memoryLimit) * 100) : undefined;
  const admin = workspace.permission === 'admin';

  return (
    <div className="workspace-row" data-testid="workspace-row" data-workspace-id={workspace.id} data-status={workspace.status}>
      <div className="workspace-name-cell">
        <Link to={`/workspaces/${encodeURIComponent(workspace.id)}`} className="workspace-name" data-testid="workspace-open">
          {workspace.name}
        </Link>
        <span className="muted workspace-meta">
          {workspace.template}
          {workspace.teamId ? ' · team' : ''}
        </span>
      </div>
      <div>
        <StatusBadge status={workspace.status} testId="workspace-status" />
      </div>
      <div className="metric" data-testid="workspace-cpu">
        <span className="metric-label">CPU</span>
        {running && cpu != null ? formatPercent(cpu) : '–'}
      </div>
      <div className="metric" data-testid="workspace-memory">
        <span className="metric-label">Memory</span>
        {running && memory != null ? (
          <span className="memory">
            {formatBytes(memory)}
            {memoryLimit ? <span className="muted"> / {formatBytes(memoryLimit)}</span> : null}
            {memoryShare !== undefined ? (
              <span className="meter" aria-hidden="true">
                <span className="meter-fill" style={{ width: `${memoryShare}%` }} />
              </span>
            ) : null}
          </span>
        ) : (
          '–'
        )}
      </div>
      <div className="row-actions">
        <StartStopButton
          workspaceId={workspace.id}
          status={workspace.status}
          disabledReason={admin ? undefined : adminOnlyReason}
          onChange={(w) => onChange(workspace.id, w)}
        />
        <button
          type="button"
          className="button button-small button-ghost danger-text"
          disabled={!admin}
          title={admin ? undefined : adminOnlyReason}
          onClick={() => setConfirmingDelete(true)}
          data-testid="workspace-delete"
        >
          Delete
        </button>
      </div>
      {confirmingDelete ? (
        <ConfirmDialog
          title="Delete workspace?"
          confirmLabel="Delete workspace"
          onClose={() => setConfirmingDelete(false)}
          onConfirm={async () => {
            await api.workspaces.remove(workspace.id);
            onDeleted(workspace.id);
            toast.info(`Deleted ${workspace.name}.`);
          }}
        >
          <p>
            <strong>{workspace.name}</strong> and every file in it will be deleted. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
});
