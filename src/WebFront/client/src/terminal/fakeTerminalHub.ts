// Test support (not part of the app): the hub's terminal methods and events over an in-memory session that behaves as
// the workspace grain's does (output at growing offsets, a bounded scrollback, attach returning it with its end offset),
// and a stand-in for the few members of xterm's Terminal that TerminalHubAddon uses.
import type { IDisposable, Terminal } from '@xterm/xterm';
import type { HubEvents } from '../net/hub';
import type { TerminalAttachment, TerminalSession } from '../net/types';

type Handler = (event: never) => void;

export class FakeTerminalHub {
  output = '';
  scrollbackChars = 1000;
  exitCode: number | null | undefined;
  /** Every call the client made, in order, as "method arg arg...". */
  readonly calls: string[] = [];
  /** The next this-many SendInput calls fail. */
  failInputs = 0;
  private readonly handlers = new Map<keyof HubEvents, Set<Handler>>();
  private readonly reconnectedListeners = new Set<() => void>();

  /** The shell writes `data`: appended to the output and, unless `lost`, sent as a terminalOutput event. */
  write(data: string, lost = false): void {
    const offset = this.output.length;
    this.output += data;
    if (!lost) {
      this.emit('terminalOutput', { workspaceId: 'w1', sessionId: 's1', offset, data });
    }
  }

  exit(exitCode: number): void {
    this.exitCode = exitCode;
    this.emit('terminalExited', { workspaceId: 'w1', sessionId: 's1', exitCode });
  }

  reconnect(): void {
    for (const listener of [...this.reconnectedListeners]) {
      listener();
    }
  }

  listeners(): number {
    let count = this.reconnectedListeners.size;
    for (const set of this.handlers.values()) {
      count += set.size;
    }
    return count;
  }

  emit<K extends keyof HubEvents>(name: K, event: HubEvents[K]): void {
    for (const handler of [...(this.handlers.get(name) ?? [])]) {
      (handler as (event: HubEvents[K]) => void)(event);
    }
  }

  private session(): TerminalSession {
    return {
      workspaceId: 'w1',
      sessionId: 's1',
      status: this.exitCode === undefined ? 'running' : 'exited',
      columns: 80,
      rows: 24,
      exitCode: this.exitCode ?? null,
      startedAt: '2026-01-01T00:00:00Z',
    };
  }

  readonly hub = {
    on: <K extends keyof HubEvents>(name: K, handler: (event: HubEvents[K]) => void): (() => void) => {
      let set = this.handlers.get(name);
      if (!set) {
        set = new Set();
        this.handlers.set(name, set);
      }
      set.add(handler as Handler);
      return () => set.delete(handler as Handler);
    },
    onReconnected: (listener: () => void): (() => void) => {
      this.reconnectedListeners.add(listener);
      return () => this.reconnectedListeners.delete(listener);
    },
    attachTerminal: async (workspaceId: string, sessionId: string): Promise<TerminalAttachment> => {
      this.calls.push(`attach ${workspaceId} ${sessionId}`);
      await Promise.resolve();
      return { session: this.session(), scrollback: this.output.slice(-this.scrollbackChars), endOffset: this.output.length };
    },
    detachTerminal: async (workspaceId: string, sessionId: string): Promise<void> => {
      this.calls.push(`detach ${workspaceId} ${sessionId}`);
    },
    sendInput: async (workspaceId: string, sessionId: string, data: string): Promise<void> => {
      this.calls.push(`input ${workspaceId} ${sessionId} ${data}`);
      if (this.failInputs > 0) {
        this.failInputs--;
        throw new Error('the connection dropped');
      }
    },
    resizeTerminal: async (workspaceId: string, sessionId: string, columns: number, rows: number): Promise<void> => {
      this.calls.push(`resize ${workspaceId} ${sessionId} ${columns}x${rows}`);
    },
  };
}

export const fake = new FakeTerminalHub();

/** What the addon sees of xterm's Terminal: what it was told to show, and the keyboard and resize events. */
export class FakeTerminal {
  shown = '';
  cols = 80;
  rows = 24;
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly resizeListeners = new Set<(size: { cols: number; rows: number }) => void>();

  write(data: string): void {
    this.shown += data;
  }

  reset(): void {
    this.shown = '';
  }

  onData(listener: (data: string) => void): IDisposable {
    this.dataListeners.add(listener);
    return { dispose: () => this.dataListeners.delete(listener) };
  }

  onResize(listener: (size: { cols: number; rows: number }) => void): IDisposable {
    this.resizeListeners.add(listener);
    return { dispose: () => this.resizeListeners.delete(listener) };
  }

  type(data: string): void {
    for (const listener of [...this.dataListeners]) {
      listener(data);
    }
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    for (const listener of [...this.resizeListeners]) {
      listener({ cols, rows });
    }
  }

  listeners(): number {
    return this.dataListeners.size + this.resizeListeners.size;
  }

  asTerminal(): Terminal {
    return this as unknown as Terminal;
  }
}
