import { useEffect, useState } from 'react';
import { api } from '../net/api';
import { formatBytes } from '../ui/format';
import { describeFileContent, type FileContent } from './fileContent';

type Viewed = { state: 'loading' } | { state: 'loaded'; content: FileContent } | { state: 'failed'; message: string };

interface FileViewerProps {
  workspaceId: string;
  path: string;
  /** Why the file is shown read-only (the editor could not open it); shown above what could be read. */
  note?: string;
}

/**
 * Shows one file read-only, for a file the editor cannot open: text as is, anything else as "binary file, N bytes".
 * When the file cannot be read either (too large, a link leaving the workspace), only that reason shows: once.
 */
export function FileViewer({ workspaceId, path, note }: FileViewerProps) {
  const [viewed, setViewed] = useState<Viewed>({ state: 'loading' });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setViewed({ state: 'loading' });
    api.workspaces
      .fileContent(workspaceId, path, abort.signal)
      .then(({ bytes, contentType }) => setViewed({ state: 'loaded', content: describeFileContent(bytes, contentType) }))
      .catch((error: unknown) => {
        if (!abort.signal.aborted) {
          setViewed({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
        }
      });
    return () => abort.abort();
  }, [workspaceId, path, reloads]);

  return (
    <div className="file-viewer" data-testid="file-viewer">
      <div className="panel-title">
        <span className="file-viewer-path" data-testid="file-viewer-path" title={path}>
          {path}
        </span>
        <span className="muted file-viewer-note">read-only</span>
        <button type="button" className="icon-button" title="Reload" aria-label="Reload file" onClick={() => setReloads((n) => n + 1)}>
          ↻
        </button>
      </div>
      {viewed.state === 'loading' ? (
        <div className="viewer-message muted">Loading…</div>
      ) : viewed.state === 'failed' ? (
        <div className="viewer-message tree-error" role="alert" data-testid="file-error">
          {viewed.message}
        </div>
      ) : viewed.content.kind === 'binary' ? (
        <>
          {note ? <div className="viewer-banner" data-testid="file-note">{note}</div> : null}
          <div className="viewer-message muted" data-testid="file-binary">
            binary file, {viewed.content.size.toLocaleString()} bytes ({formatBytes(viewed.content.size)})
          </div>
        </>
      ) : (
        <>
          {note ? <div className="viewer-banner" data-testid="file-note">{note}</div> : null}
          {viewed.content.truncated ? <div className="viewer-banner">Showing the first megabyte of this file.</div> : null}
          <pre className="file-content" data-testid="file-content">
            {viewed.content.text}
          </pre>
        </>
      )}
    </div>
  );
}
