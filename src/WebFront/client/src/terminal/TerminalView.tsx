import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { hub } from '../net/hub';
import { isRefusal } from '../net/hubError';
import type { TerminalSession } from '../net/types';
import { toast } from '../ui/toasts';
import { inputChunks } from './inputChunks';
import { beginAttach, completeAttach, emptySequence, receiveOutput, type OutputStep } from './outputSequence';

const theme: ITheme = {
  background: '#0b1020',
  foreground: '#e2e8f0',
  cursor: '#a5b4fc',
  selectionBackground: '#334155',
  black: '#1e293b',
  brightBlack: '#475569',
};

const resizeDebounceMs = 120;

interface TerminalViewProps {
  workspaceId: string;
  session: TerminalSession;
  active: boolean;
  canWrite: boolean;
  onExited: (sessionId: string, exitCode: number | null) => void;
}

/**
 * One terminal session in xterm.js: attaches (scrollback, then live output without duplicates), sends keystrokes
 * and size changes, and re-attaches after the hub reconnects so nothing is lost or shown twice.
 */
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

    let disposed = false;
    let sequence = emptySequence;
    let attachGeneration = 0;
    let reportedExit = false;

    function reportExit(exitCode: number | null | undefined) {
      if (reportedExit) {
        return;
      }
      reportedExit = true;
      terminal.write(`\r\n\x1b[2m[process exited${exitCode != null ? ` with code ${exitCode}` : ''}]\x1b[0m\r\n`);
      exited.current(sessionId, exitCode ?? null);
    }

    function apply(step: OutputStep) {
      sequence = step.sequence;
      if (step.reset) {
        terminal.reset();
      }
      if (step.write) {
        terminal.write(step.write);
      }
      if (step.resync) {
        void attach(false);
      }
    }

    async function attach(fresh: boolean) {
      const generation = ++attachGeneration;
      if (fresh) {
        sequence = beginAttach(sequence);
      }
      try {
        const attachment = await hub.attachTerminal(workspaceId, sessionId);
        if (disposed || generation !== attachGeneration) {
          return;
        }
        apply(completeAttach(sequence, attachment.scrollback, attachment.endOffset));
        if (attachment.session.status === 'Exited') {
          reportExit(attachment.session.exitCode);
        }
      } catch (error) {
        if (!disposed && generation === attachGeneration) {
          terminal.write(`\r\n\x1b[31m${error instanceof Error ? error.message : String(error)}\x1b[0m\r\n`);
        }
      }
    }

    const offOutput = hub.on('terminalOutput', (output) => {
      if (output.workspaceId === workspaceId && output.sessionId === sessionId) {
        apply(receiveOutput(sequence, output));
      }
    });
    const offExited = hub.on('terminalExited', (event) => {
      if (event.workspaceId === workspaceId && event.sessionId === sessionId) {
        reportExit(event.exitCode);
      }
    });
    const offReconnected = hub.onReconnected(() => void attach(true));

    let inputFailed = false;
    const input = terminal.onData((data) => {
      for (const chunk of inputChunks(data)) {
        hub.sendInput(workspaceId, sessionId, chunk).then(
          () => {
            inputFailed = false;
          },
          (error: unknown) => {
            // Say it once per failure, not for every key; typing that may not have arrived is never dropped silently.
            if (!inputFailed) {
              inputFailed = true;
              toast.error(isRefusal(error) ? error : `Some typing may not have reached the terminal: ${error instanceof Error ? error.message : String(error)}`);
            }
          },
        );
      }
    });

    let sentColumns = session.columns;
    let sentRows = session.rows;
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    function fitToContainer() {
      // A hidden tab has no size; it fits when shown.
      if (element!.clientWidth === 0 || element!.clientHeight === 0) {
        return;
      }
      fit.fit();
      if (!canWrite || (terminal.cols === sentColumns && terminal.rows === sentRows)) {
        return;
      }
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        sentColumns = terminal.cols;
        sentRows = terminal.rows;
        hub.resizeTerminal(workspaceId, sessionId, sentColumns, sentRows).catch(() => undefined);
      }, resizeDebounceMs);
    }
    fitRef.current = fitToContainer;
    const observer = new ResizeObserver(() => fitToContainer());
    observer.observe(element);

    void attach(true);

    return () => {
      disposed = true;
      observer.disconnect();
      clearTimeout(resizeTimer);
      offOutput();
      offExited();
      offReconnected();
      input.dispose();
      fitRef.current = null;
      terminalRef.current = null;
      terminal.dispose();
      void hub.detachTerminal(workspaceId, sessionId).catch(() => undefined);
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
