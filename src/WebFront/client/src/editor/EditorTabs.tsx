import { useCallback, useState } from 'react';
import { DocumentEditor } from './DocumentEditor';
import type { SessionStatus } from './DocumentSession';
import './editor.css';

interface EditorTabsProps {
  workspaceId: string;
  /** The open files, in tab order. */
  paths: readonly string[];
  active: string | undefined;
  onActivate: (path: string) => void;
  onClose: (path: string) => void;
  onOpenFile: (path: string) => void;
}

function fileName(path: string): string {
  return path.split('/').pop() || path;
}

/** Tabs of open files, each a live collaborative editor (kept mounted while open so its state survives switching). */
export function EditorTabs({ workspaceId, paths, active, onActivate, onClose, onOpenFile }: EditorTabsProps) {
  const [statuses, setStatuses] = useState<ReadonlyMap<string, SessionStatus>>(new Map());

  const onStatus = useCallback((path: string, status: SessionStatus) => {
    setStatuses((current) => new Map(current).set(path, status));
  }, []);

  function close(path: string) {
    const status = statuses.get(path);
    if (status?.unsynced && !window.confirm(`${path} has edits the server has not confirmed yet. Close it anyway?`)) {
      return;
    }
    setStatuses((current) => {
      const next = new Map(current);
      next.delete(path);
      return next;
    });
    onClose(path);
  }

  if (paths.length === 0) {
    return (
      <div className="editor-tabs editor-tabs-empty" data-testid="editor-tabs">
        <p className="muted">Open a file from the tree to edit it. Everyone in the workspace sees the changes as you type.</p>
      </div>
    );
  }

  return (
    <div className="editor-tabs" data-testid="editor-tabs">
      <div className="editor-tab-list" role="tablist" aria-label="Open files">
        {paths.map((path) => {
          const status = statuses.get(path);
          const marker = status?.notice ? '!' : status?.unsynced ? '●' : '';
          return (
            <div
              key={path}
              className={path === active ? 'editor-tab editor-tab-active' : 'editor-tab'}
              data-testid="editor-tab"
              data-path={path}
              data-unsynced={status?.unsynced ?? false}
              title={status?.notice ? `${path} — ${status.notice.message}` : path}
            >
              <button type="button" role="tab" aria-selected={path === active} onClick={() => onActivate(path)}>
                <span className={status?.notice ? 'editor-tab-name editor-tab-gone' : 'editor-tab-name'}>{fileName(path)}</span>
                {marker ? (
                  <span className="editor-tab-marker" aria-label={status?.notice ? 'closed on the server' : 'unsaved edits'} data-testid="editor-tab-marker">
                    {marker}
                  </span>
                ) : null}
              </button>
              <button type="button" className="editor-tab-close" aria-label={`Close ${path}`} title="Close" onClick={() => close(path)} data-testid="editor-tab-close">
                ×
              </button>
            </div>
          );
        })}
      </div>
      <div className="editor-stack">
        {paths.map((path) => (
          <DocumentEditor key={path} workspaceId={workspaceId} path={path} active={path === active} onStatus={onStatus} onOpenFile={onOpenFile} />
        ))}
      </div>
    </div>
  );
}
