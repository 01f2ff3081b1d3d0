import type { WorkspaceStatus } from '../net/types';
import { workspaceStatusLabels } from './workspaceStatusLabels';

const busy: ReadonlySet<WorkspaceStatus> = new Set(['creating', 'starting', 'stopping']);

export function StatusBadge({ status, testId }: { status: WorkspaceStatus; testId?: string }) {
  return (
    <span className={`status status-${status}`} data-testid={testId} data-status={status}>
      <span className={busy.has(status) ? 'status-dot status-dot-busy' : 'status-dot'} aria-hidden="true" />
      {workspaceStatusLabels[status]}
    </span>
  );
}
