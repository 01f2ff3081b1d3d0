import { EditorView } from '@codemirror/view';
import { useEffect, useRef, useState } from 'react';
import { FileViewer } from '../workspace/FileViewer';
import { DismissibleBanner } from './DismissibleBanner';
import { DocumentSession, type SessionStatus } from './DocumentSession';
import { languageIdFor, languageLabel } from './languages';

interface DocumentEditorProps {
  workspaceId: string;
  path: string;
  active: boolean;
  onStatus: (path: string, status: SessionStatus) => void;
  onOpenFile: (path: string) => void;
}

const initial: SessionStatus = { phase: 'loading', canEdit: false, unsynced: false, connection: 'connected', retrying: false };

/** One file in a collaborative CodeMirror editor, with its offline, notice and read-only banners and a status line. */
export function DocumentEditor({ workspaceId, path, active, onStatus, onOpenFile }: DocumentEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const session = useRef<DocumentSession | null>(null);
  const [status, setStatus] = useState<SessionStatus>(initial);
  const report = useRef(onStatus);
  report.current = onStatus;

  useEffect(() => {
    const parent = host.current!;
    const created = new DocumentSession(workspaceId, path, (state) => new EditorView({ state, parent }), (next) => {
      setStatus(next);
      report.current(path, next);
    });
    session.current = created;
    created.start();
    return () => {
      created.dispose();
      if (session.current === created) {
        session.current = null;
      }
    };
  }, [workspaceId, path]);

  useEffect(() => {
    if (active && status.phase === 'open') {
      session.current?.focus();
    }
  }, [active, status.phase]);

  const offline = status.connection !== 'connected' && status.phase !== 'failed';
  const sync = status.unsynced ? (offline ? 'unsent edits' : status.retrying ? 'reconnecting…' : 'saving…') : status.retrying ? 'reconnecting…' : 'saved';

  return (
    <div
      className={active ? 'document-editor' : 'document-editor document-editor-hidden'}
      data-testid="document-editor"
      data-path={path}
      data-phase={status.phase}
      data-can-edit={status.canEdit}
      data-unsynced={status.unsynced}
      data-offline={offline}
      data-retrying={status.retrying}
    >
      {offline ? (
        <div className="editor-banner editor-banner-offline" role="status" data-testid="editor-offline">
          Offline — your edits are kept and will be sent when the connection returns.
        </div>
      ) : null}
      {status.notice ? (
        <div className="editor-banner editor-banner-notice" role="alert" data-testid="editor-notice" data-kind={status.notice.kind}>
          <span>{status.notice.message}</span>
          {status.notice.newPath ? (
            <button type="button" className="link-button" onClick={() => onOpenFile(status.notice!.newPath!)} data-testid="editor-open-moved">
              Open {status.notice.newPath}
            </button>
          ) : null}
        </div>
      ) : null}
      <DismissibleBanner kind="error" message={status.saveError} testId="editor-save-error" />
      <DismissibleBanner kind="info" message={status.info} testId="editor-info" />
      {status.phase === 'loading' ? <div className="viewer-message muted">Opening…</div> : null}
      {status.phase === 'failed' ? (
        <div className="editor-failed" data-testid="editor-error" data-reason={status.error}>
          {/* The viewer reads the file again: it shows what can be shown with the editor's reason, or one error. */}
          <FileViewer workspaceId={workspaceId} path={path} note={status.error} />
        </div>
      ) : null}
      <div
        className="editor-host"
        ref={host}
        data-testid={status.phase === 'open' || status.phase === 'closed' ? 'file-content' : undefined}
        hidden={status.phase === 'failed' || status.phase === 'loading'}
      />
      <div className="editor-status muted">
        <span>{languageLabel(languageIdFor(path))}</span>
        {status.phase === 'open' || status.phase === 'closed' ? (
          <span data-testid="editor-access">{status.canEdit ? 'editing' : 'read-only'}</span>
        ) : null}
        {status.phase === 'open' ? (
          <span data-testid="editor-sync" title={status.retrying ? 'The server did not answer; your edits are kept here and sent again.' : undefined}>
            {sync}
          </span>
        ) : null}
      </div>
    </div>
  );
}
