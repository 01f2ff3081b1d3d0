import { useCallback, useEffect, useState } from 'react';
import { hub } from '../net/hub';
import type { TerminalSession } from '../net/types';
import { toast } from '../ui/toasts';
import { TerminalView } from './TerminalView';
import './terminal.css';

interface TerminalPanelProps {
  workspaceId: string;
  running: boolean;
  canWrite: boolean;
  visible: boolean;
}

/** Terminal tabs for a running workspace, each named after who opened it: the sessions that exist, plus new ones opened with "+" (shared) or the lock (private). */
export function TerminalPanel({ workspaceId, running, canWrite, visible }: TerminalPanelProps) {
  const [sessions, setSessions] = useState<TerminalSession[]>([]);
  const [activeId, setActiveId] = useState<string>();
  const [opening, setOpening] = useState(false);

  const listSessions = useCallback(async () => {
    try {
      const listed = await hub.listTerminals(workspaceId);
      setSessions((current) => {
        // Keep the tabs this page shows (an exited one stays until closed) and add the ones opened elsewhere.
        const known = new Set(current.map((s) => s.sessionId));
        return [...current, ...listed.filter((s) => !known.has(s.sessionId) && s.status !== 'exited')];
      });
    } catch (error) {
      toast.error(error);
    }
  }, [workspaceId]);

  useEffect(() => {
    if (!running) {
      setSessions([]);
      return;
    }
    void listSessions();
    return hub.onReconnected(() => void listSessions());
  }, [running, listSessions]);

  useEffect(() => {
    if (!sessions.some((s) => s.sessionId === activeId)) {
      setActiveId(sessions[sessions.length - 1]?.sessionId);
    }
  }, [sessions, activeId]);

  async function open(isPrivate = false) {
    setOpening(true);
    try {
      const created = await hub.openTerminal(workspaceId, 80, 24, isPrivate);
      setSessions((current) => [...current.filter((s) => s.sessionId !== created.sessionId), created]);
      setActiveId(created.sessionId);
    } catch (error) {
      toast.error(error);
    } finally {
      setOpening(false);
    }
  }

  async function close(session: TerminalSession) {
    if (session.status !== 'exited' && canWrite) {
      try {
        await hub.closeTerminal(workspaceId, session.sessionId);
      } catch (error) {
        toast.error(error);
        return;
      }
    }
    setSessions((current) => current.filter((s) => s.sessionId !== session.sessionId));
  }

  const onExited = useCallback((sessionId: string, exitCode: number | null) => {
    setSessions((current) =>
      current.map((s) => (s.sessionId === sessionId && s.status !== 'exited' ? { ...s, status: 'exited', exitCode } : s)),
    );
  }, []);

  if (!running) {
    return (
      <div className="terminal-panel terminal-panel-idle" data-testid="terminal-panel">
        <p className="muted">Start the workspace to open a terminal.</p>
      </div>
    );
  }

  return (
    <div className="terminal-panel" data-testid="terminal-panel">
      <div className="terminal-tabs" role="tablist" aria-label="Terminals">
        {sessions.map((session, index) => (
          <div
            key={session.sessionId}
            className={session.sessionId === activeId ? 'terminal-tab terminal-tab-active' : 'terminal-tab'}
            data-testid="terminal-tab"
            data-session-id={session.sessionId}
            data-status={session.status}
            data-private={session.owner?.private ? 'true' : undefined}
          >
            <button
              type="button"
              role="tab"
              aria-selected={session.sessionId === activeId}
              onClick={() => setActiveId(session.sessionId)}
              title={tabTitle(session)}
              data-testid="terminal-tab-label"
            >
              {session.status === 'exited' ? '◌' : '●'} {session.owner ? session.owner.displayName : 'Terminal'} {index + 1}
              {session.owner?.private ? <span className="terminal-tab-private"> · private</span> : null}
            </button>
            <button
              type="button"
              className="terminal-tab-close"
              aria-label={`Close terminal ${index + 1}`}
              title={session.status === 'exited' ? 'Close' : 'End this terminal session'}
              onClick={() => void close(session)}
              data-testid="terminal-close"
            >
              ×
            </button>
          </div>
        ))}
        {canWrite ? (
          <>
            <button type="button" className="terminal-new" onClick={() => void open()} disabled={opening} title="New terminal, shared with the workspace's members" aria-label="New terminal" data-testid="terminal-open">
              +
            </button>
            <button
              type="button"
              className="terminal-new terminal-new-private"
              onClick={() => void open(true)}
              disabled={opening}
              title="New private terminal: only you can see it and type in it"
              aria-label="New private terminal"
              data-testid="terminal-open-private"
            >
              + private
            </button>
          </>
        ) : null}
      </div>
      <div className="terminal-stack">
        {sessions.map((session) => (
          <TerminalView
            key={session.sessionId}
            workspaceId={workspaceId}
            session={session}
            active={visible && session.sessionId === activeId}
            canWrite={canWrite}
            onExited={onExited}
          />
        ))}
        {sessions.length === 0 ? (
          <div className="terminal-empty">
            {canWrite ? (
              <button type="button" className="button button-primary" onClick={() => void open()} disabled={opening} data-testid="terminal-open-first">
                {opening ? 'Opening…' : 'Open a terminal'}
              </button>
            ) : (
              <p className="muted">No terminal is open in this workspace. You can watch terminals others open.</p>
            )}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function tabTitle(session: TerminalSession): string {
  if (!session.owner) {
    return 'A terminal in this workspace';
  }
  return session.owner.private
    ? `${session.owner.displayName}'s private terminal: only they can see it`
    : `Opened by ${session.owner.displayName}; everyone in the workspace can watch it`;
}
