import { useEffect, useState } from 'react';
import { api } from '../net/api';
import { formatBytes } from '../ui/format';
import { describeFileContent, type FileContent } from './fileContent';

type Viewed = { state: 'loading' } | { state: 'loaded'; content: FileContent } | { state: 'failed'; message: string };

/** Shows one file read-only: text as is, anything else as "binary file, N bytes". */
export function FileViewer({ workspaceId, path }: { workspaceId: string; path: string | undefined }) {
  const [viewed, setViewed] = useState<Viewed>({ state: 'loading' });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if (path === undefined) {
      return;
    }
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

  if (path === undefined) {
    return (
      <div className="file-viewer file-viewer-empty" data-testid="file-viewer">
        <p className="muted">Choose a file to see what is in it.</p>
      </div>
    );
  }

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
        <div className="viewer-message tree-error" role="alert">
          {viewed.message}
        </div>
      ) : viewed.content.kind === 'binary' ? (
        <div className="viewer-message muted" data-testid="file-binary">
          binary file, {viewed.content.size.toLocaleString()} bytes ({formatBytes(viewed.content.size)})
        </div>
      ) : (
        <>
          {viewed.content.truncated ? <div className="viewer-banner">Showing the first megabyte of this file.</div> : null}
          <pre className="file-content" data-testid="file-content">
            {viewed.content.text}
          </pre>
        </>
      )}
    </div>
  );
}
