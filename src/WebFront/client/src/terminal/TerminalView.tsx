import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { isRefusal } from '../net/hubError';
import type { TerminalSession } from '../net/types';
import { toast } from '../ui/toasts';
import { TerminalHubAddon } from './TerminalHubAddon';

const theme: ITheme = {
  background: '#0b1020',
  foreground: '#e2e8f0',
  cursor: '#a5b4fc',
  selectionBackground: '#334155',
  black: '#1e293b',
  brightBlack: '#475569',
};

interface TerminalViewProps {
  workspaceId: string;
  session: TerminalSession;
  active: boolean;
  canWrite: boolean;
  onExited: (sessionId: string, exitCode: number | null) => void;
}

/** One terminal session in xterm.js, fitted to its box; {@link TerminalHubAddon} connects it to the session. */
export function TerminalView({ workspaceId, session, active, canWrite, onExited }: TerminalViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const fitRef = useRef<(() => void) | null>(null);
  const terminalRef = useRef<Terminal | null>(null);
  const exited = useRef(onExited);
  exited.current = onExited;
  const sessionId = session.sessionId;

  useEffect(() => {
    const element = container.current;
    if (!element) {
      return;
    }
    const terminal = new Terminal({
      cursorBlink: true,
      fontFamily: "ui-monospace, 'JetBrains Mono', Menlo, Consolas, 'Liberation Mono', monospace",
      fontSize: 13,
      scrollback: 5000,
      theme,
      disableStdin: !canWrite,
      allowProposedApi: false,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(element);
    terminalRef.current = terminal;

    const wiring = new TerminalHubAddon({
      workspaceId,
      sessionId,
      canWrite,
      columns: session.columns,
      rows: session.rows,
      onExited: (exitCode) => exited.current(sessionId, exitCode),
      // Typing that may not have arrived is never dropped silently.
      onInputFailed: (error) =>
        toast.error(isRefusal(error) ? error : `Some typing may not have reached the terminal: ${error instanceof Error ? error.message : String(error)}`),
    });
    terminal.loadAddon(wiring);

    function fitToContainer() {
      // A hidden tab has no size; it fits when shown. A new size reaches the session through the addon.
      if (element!.clientWidth > 0 && element!.clientHeight > 0) {
        fit.fit();
      }
    }
    fitRef.current = fitToContainer;
    const observer = new ResizeObserver(() => fitToContainer());
    observer.observe(element);

    return () => {
      observer.disconnect();
      fitRef.current = null;
      terminalRef.current = null;
      terminal.dispose(); // disposes the addons too: the session is detached
    };
    // One xterm per session: the session's starting size only seeds the first resize, so it is no dependency.
  }, [workspaceId, sessionId, canWrite]);

  useEffect(() => {
    if (active) {
      fitRef.current?.();
      terminalRef.current?.focus();
    }
  }, [active]);

  return (
    <div
      ref={container}
      className={active ? 'terminal-view terminal-view-active' : 'terminal-view'}
      data-testid="terminal"
      data-session-id={sessionId}
      data-active={active}
    />
  );
}
