import type { WorkspaceStatus } from '../net/types';

const busy: ReadonlySet<WorkspaceStatus> = new Set(['Creating', 'Starting', 'Stopping']);

export function StatusBadge({ status, testId }: { status: WorkspaceStatus; testId?: string }) {
  return (
    <span className={`status status-${status.toLowerCase()}`} data-testid={testId} data-status={status}>
      <span className={busy.has(status) ? 'status-dot status-dot-busy' : 'status-dot'} aria-hidden="true" />
      {status}
    </span>
  );
}
