import type { WorkspaceStatus } from '../net/types';

/** How a workspace's status reads on screen; the wire value ('running') stays in data-status for tests and styles. */
export const workspaceStatusLabels: Readonly<Record<WorkspaceStatus, string>> = {
  creating: 'Creating',
  starting: 'Starting',
  running: 'Running',
  stopping: 'Stopping',
  stopped: 'Stopped',
  failed: 'Failed',
  deleted: 'Deleted',
};
