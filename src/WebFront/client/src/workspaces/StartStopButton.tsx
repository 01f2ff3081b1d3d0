import { useState } from 'react';
import { api } from '../net/api';
import type { Workspace, WorkspaceStatus } from '../net/types';
import { toast } from '../ui/toasts';

interface StartStopButtonProps {
  workspaceId: string;
  status: WorkspaceStatus;
  disabled?: boolean;
  onChange: (workspace: Workspace) => void;
}

/** Start for a stopped or failed workspace, Stop for a running one; busy while a transition is under way. */
export function StartStopButton({ workspaceId, status, disabled, onChange }: StartStopButtonProps) {
  const [busy, setBusy] = useState(false);
  const canStop = status === 'Running' || status === 'Starting';
  const transitioning = status === 'Creating' || status === 'Stopping';

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
      onClick={() => void run('start')}
      data-testid="workspace-start"
    >
      {busy ? 'Starting…' : 'Start'}
    </button>
  );
}
