import { useState } from 'react';
import { ChatPanel } from '../agent/ChatPanel';
import { Link } from '../app/Link';
import { useLoad } from '../app/useLoad';
import { useSession } from '../app/useSession';
import { api } from '../net/api';
import { isRefusal } from '../net/hubError';
import { ApiError } from '../net/problem';
import { EditorTabs } from '../editor/EditorTabs';
import { TerminalPanel } from '../terminal/TerminalPanel';
import { formatBytes, formatPercent } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import { adminOnlyReason, StartStopButton } from '../dashboard/StartStopButton';
import { useWorkspaceLive } from '../dashboard/useWorkspaceLive';
import { toast } from '../ui/toasts';
import { useWorkspaceStats } from '../dashboard/useWorkspaceStats';
import { FileTree } from './FileTree';
import { LogsPanel } from './LogsPanel';
import { PreviewPanel } from './PreviewPanel';
import { movedPath } from './treePaths';
import { notOwnerReason, WorkspaceSettingsDialog } from './WorkspaceSettingsDialog';
import './workspace.css';

/** Which pane a phone shows; a wide screen shows the tree, the editor, the bottom panel and the agent together. */
type Pane = 'files' | 'viewer' | BottomTab | 'agent';

/** The tabs of the bottom panel (a phone shows each as a pane of its own). */
type BottomTab = 'terminal' | 'logs' | 'preview';

const bottomTabs: readonly BottomTab[] = ['terminal', 'logs', 'preview'];
const paneTitles: Record<Pane, string> = { files: 'Files', viewer: 'Editor', terminal: 'Terminal', logs: 'Logs', preview: 'Preview', agent: 'Agent' };


export function WorkspacePage({ workspaceId }: { workspaceId: string }) {
  const { loaded, update } = useLoad((signal) => api.workspaces.get(workspaceId, signal), [workspaceId]);
  const [openFiles, setOpenFiles] = useState<readonly string[]>([]);
  const [activeFile, setActiveFile] = useState<string>();
  const [pane, setPane] = useState<Pane>('terminal');
  const [bottom, setBottom] = useState<BottomTab>('terminal');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const session = useSession();

  useWorkspaceLive(
    loaded.state === 'loaded' ? workspaceId : undefined,
    (patch) => update((current) => ({ ...current, ...patch })),
    // A refusal (too many watching calls, no access any more) stands until the page is opened again: say so.
    (error) => isRefusal(error) && toast.error(`Live status and logs are not updating: ${error.message}`),
  );

  const workspace = loaded.state === 'loaded' ? loaded.value : undefined;
  const running = workspace?.status === 'running';
  const stats = useWorkspaceStats(workspaceId, running);

  if (loaded.state === 'loading') {
    return <div className="page muted">Loading…</div>;
  }
  if (loaded.state === 'failed' || !workspace || workspace.status === 'deleted') {
    return (
      <section className="page">
        <h1>Workspace not available</h1>
        <p className="muted" data-testid="workspace-error">
          {loaded.state === 'failed' ? failureMessage(loaded.error) : 'This workspace was deleted.'}
        </p>
        <p>
          <Link to="/">Back to your workspaces</Link>
        </p>
      </section>
    );
  }

  const canWrite = workspace.permission === 'write' || workspace.permission === 'admin';
  const isOwner = session.phase === 'signedIn' && session.user.id === workspace.ownerId;
  const showTerminal = bottom === 'terminal';

  function openFile(path: string) {
    setOpenFiles((current) => (current.includes(path) ? current : [...current, path]));
    setActiveFile(path);
    setPane('viewer');
  }

  function moveOpenFiles(from: string, to: string) {
    setOpenFiles((current) => current.map((path) => movedPath(path, from, to)));
    setActiveFile((current) => (current === undefined ? current : movedPath(current, from, to)));
  }

  function closeFile(path: string) {
    const index = openFiles.indexOf(path);
    const remaining = openFiles.filter((p) => p !== path);
    setOpenFiles(remaining);
    if (activeFile === path) {
      setActiveFile(remaining[Math.min(index, remaining.length - 1)]);
    }
  }

  function choosePane(next: Pane) {
    setPane(next);
    if (next !== 'files' && next !== 'viewer' && next !== 'agent') {
      setBottom(next);
    }
  }

  return (
    <div className={`workspace-page show-${pane} bottom-${bottom}`} data-testid="workspace-page" data-workspace-id={workspace.id} data-status={workspace.status}>
      <header className="workspace-header">
        <div className="workspace-title">
          <Link to="/" className="back-link" aria-label="Back to workspaces">
            ←
          </Link>
          <h1 title={workspace.name}>{workspace.name}</h1>
          <StatusBadge status={workspace.status} testId="workspace-status" />
        </div>
        <div className="workspace-facts">
          <span className="muted">{workspace.template}</span>
          {running && stats ? (
            <span className="muted" data-testid="workspace-stats">
              CPU {formatPercent(stats.cpuPercent)} · {formatBytes(stats.memoryBytes)}
              {stats.memoryLimitBytes ? ` / ${formatBytes(stats.memoryLimitBytes)}` : ''}
            </span>
          ) : null}
          <button
            type="button"
            className="button button-small"
            onClick={() => setSettingsOpen(true)}
            disabled={!isOwner}
            title={isOwner ? 'Move this workspace to a team' : notOwnerReason}
            data-testid="workspace-settings"
          >
            Settings
          </button>
          <StartStopButton
            workspaceId={workspace.id}
            status={workspace.status}
            disabledReason={workspace.permission === 'admin' ? undefined : adminOnlyReason}
            onChange={(next) => update(() => next)}
          />
        </div>
      </header>
      {settingsOpen ? (
        <WorkspaceSettingsDialog
          workspace={workspace}
          onMoved={(moved) => {
            setSettingsOpen(false);
            update(() => moved);
          }}
          onClose={() => setSettingsOpen(false)}
        />
      ) : null}
      {workspace.status === 'failed' && workspace.error ? (
        <div className="form-error workspace-failure" role="alert" data-testid="workspace-failure">
          {workspace.error}
        </div>
      ) : null}

      <nav className="pane-switch" aria-label="Panels">
        {(['files', 'viewer', ...bottomTabs, 'agent'] as const).map((p) => (
          <button key={p} type="button" className={pane === p ? 'active' : undefined} onClick={() => choosePane(p)} data-testid={`pane-${p}`}>
            {paneTitles[p]}
          </button>
        ))}
      </nav>

      <div className="workspace-body">
        <aside className="pane pane-files">
          <FileTree
            workspaceId={workspace.id}
            selected={activeFile}
            onOpenFile={openFile}
            onMoved={moveOpenFiles}
            refreshKey={workspace.status}
            canWrite={canWrite}
          />
        </aside>
        <main className="workspace-main">
          <section className="pane pane-viewer">
            <EditorTabs
              workspaceId={workspace.id}
              paths={openFiles}
              active={activeFile}
              onActivate={setActiveFile}
              onClose={closeFile}
              onOpenFile={openFile}
            />
          </section>
          <section className="pane pane-bottom">
            <div className="bottom-tabs" role="tablist">
              {bottomTabs.map((tab) => (
                <button
                  key={tab}
                  type="button"
                  role="tab"
                  aria-selected={bottom === tab}
                  className={bottom === tab ? 'active' : undefined}
                  onClick={() => choosePane(tab)}
                  data-testid={`tab-${tab}`}
                >
                  {paneTitles[tab]}
                </button>
              ))}
            </div>
            <div className="bottom-content bottom-content-terminal">
              <TerminalPanel workspaceId={workspace.id} running={running} canWrite={canWrite} visible={showTerminal} />
            </div>
            <div className="bottom-content bottom-content-logs">
              <LogsPanel workspaceId={workspace.id} active={bottom === 'logs'} />
            </div>
            <div className="bottom-content bottom-content-preview">
              <PreviewPanel workspaceId={workspace.id} running={running} active={bottom === 'preview'} isOwner={workspace.permission === 'admin'} />
            </div>
          </section>
        </main>
        {/* Side panel: the AI agent's chat mounts here (agent/ChatPanel.tsx); it takes no room while empty. */}
        <aside className="pane pane-side" data-testid="workspace-side">
          <ChatPanel workspaceId={workspace.id} canWrite={canWrite} />
        </aside>
      </div>
    </div>
  );
}

function failureMessage(error: unknown): string {
  return error instanceof ApiError && error.status === 404 ? 'This workspace does not exist, or you cannot see it.' : String(error instanceof Error ? error.message : error);
}
