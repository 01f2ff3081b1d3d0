import { useState } from 'react';
import { api } from '../net/api';
import type { Workspace, WorkspaceStatus } from '../net/types';
import { toast } from '../ui/toasts';

interface StartStopButtonProps {
  workspaceId: string;
  status: WorkspaceStatus;
  /** Why the caller may not start or stop it; the button is disabled and says so on hover. */
  disabledReason?: string;
  onChange: (workspace: Workspace) => void;
}

/** Why someone without admin access to a workspace finds its lifecycle buttons disabled. */
export const adminOnlyReason = "Only the workspace's owner (or a team owner or admin) can start, stop or delete it.";

/** Start for a stopped or failed workspace, Stop for a running one; busy while a transition is under way. */
export function StartStopButton({ workspaceId, status, disabledReason, onChange }: StartStopButtonProps) {
  const [busy, setBusy] = useState(false);
  const canStop = status === 'running' || status === 'starting';
  const transitioning = status === 'creating' || status === 'stopping';
  const disabled = disabledReason !== undefined;

  async function run(action: 'start' | 'stop') {
    setBusy(true);
    try {
      onChange(await api.workspaces[action](workspaceId));
    } catch (error) {
      toast.error(error);
    } finally {
      setBusy(false);
    }
  }

  if (canStop) {
    return (
      <button
        type="button"
        className="button button-small"
        disabled={disabled || busy}
        title={disabledReason}
        onClick={() => void run('stop')}
        data-testid="workspace-stop"
      >
        {busy ? 'Stopping…' : 'Stop'}
      </button>
    );
  }
  return (
    <button
      type="button"
      className="button button-small button-primary"
      disabled={disabled || busy || transitioning}
      title={disabledReason ?? (transitioning ? `Wait until it has finished ${status === 'creating' ? 'being created' : 'stopping'}.` : undefined)}
      onClick={() => void run('start')}
      data-testid="workspace-start"
    >
      {busy ? 'Starting…' : 'Start'}
    </button>
  );
}
