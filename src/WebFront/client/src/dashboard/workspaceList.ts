// The dashboard's list of workspaces, changed only through these actions.
import type { WorkspaceSummary } from '../net/types';
import type { WorkspacePatch } from './useWorkspaceLive';

export type WorkspaceListAction =
  | { type: 'loaded'; workspaces: WorkspaceSummary[] }
  | { type: 'added'; workspace: WorkspaceSummary }
  | { type: 'patched'; workspaceId: string; patch: WorkspacePatch }
  | { type: 'removed'; workspaceId: string };

export function workspaceList(list: readonly WorkspaceSummary[], action: WorkspaceListAction): readonly WorkspaceSummary[] {
  switch (action.type) {
    case 'loaded':
      return sortByName(action.workspaces);
    case 'added':
      return sortByName([...list.filter((w) => w.id !== action.workspace.id), action.workspace]);
    case 'patched':
      if (action.patch.status === 'deleted') {
        return list.filter((w) => w.id !== action.workspaceId);
      }
      return list.map((w) => (w.id === action.workspaceId ? { ...w, ...action.patch } : w));
    case 'removed':
      return list.filter((w) => w.id !== action.workspaceId);
  }
}

function sortByName(workspaces: WorkspaceSummary[]): WorkspaceSummary[] {
  return [...workspaces].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
