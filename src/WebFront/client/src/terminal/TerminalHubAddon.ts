// The wiring between one xterm.js terminal and one terminal session on the hub, as an xterm addon: attach (scrollback,
// then live output without duplicates), re-attach after the hub reconnects, keystrokes to SendInput, size changes to
// ResizeTerminal. The view only opens the terminal, fits it to its box and loads this addon.
import type { IDisposable, ITerminalAddon, Terminal } from '@xterm/xterm';
import { hub } from '../net/hub';
import { inputChunks } from './inputChunks';
import { beginAttach, completeAttach, emptySequence, receiveOutput, type OutputStep } from './outputSequence';

/** How long the size has to stay the same before it is sent (a dragged window resizes many times). */
export const resizeDebounceMs = 120;

export interface TerminalHubAddonOptions {
  workspaceId: string;
  sessionId: string;
  /** Viewers watch: their keystrokes and sizes are not sent. */
  canWrite: boolean;
  /** The session's size on the server, so an unchanged size is not sent again. */
  columns: number;
  rows: number;
  /** The shell ended (once per addon). */
  onExited: (exitCode: number | null) => void;
  /** Typing may not have arrived: called once per run of failed sends, not for every key. */
  onInputFailed: (error: unknown) => void;
}

export class TerminalHubAddon implements ITerminalAddon {
  private readonly subscriptions: (() => void)[] = [];
  private terminal: Terminal | undefined;
  private sequence = emptySequence;
  private attachGeneration = 0;
  private reportedExit = false;
  private inputFailed = false;
  private disposed = false;
  private sentColumns: number;
  private sentRows: number;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: TerminalHubAddonOptions) {
    this.sentColumns = options.columns;
    this.sentRows = options.rows;
  }

  activate(terminal: Terminal): void {
    this.terminal = terminal;
    const { workspaceId, sessionId } = this.options;
    this.subscriptions.push(
      hub.on('terminalOutput', (output) => {
        if (output.workspaceId === workspaceId && output.sessionId === sessionId) {
          this.apply(receiveOutput(this.sequence, output));
        }
      }),
      hub.on('terminalExited', (event) => {
        if (event.workspaceId === workspaceId && event.sessionId === sessionId) {
          this.reportExit(event.exitCode);
        }
      }),
      hub.onReconnected(() => void this.attach(true)),
      disposer(terminal.onData((data) => this.input(data))),
      disposer(terminal.onResize(({ cols, rows }) => this.resized(cols, rows))),
    );
    void this.attach(true);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    clearTimeout(this.resizeTimer);
    for (const unsubscribe of this.subscriptions.splice(0)) {
      unsubscribe();
    }
    this.terminal = undefined;
    void hub.detachTerminal(this.options.workspaceId, this.options.sessionId).catch(() => undefined);
  }

  private async attach(fresh: boolean): Promise<void> {
    const generation = ++this.attachGeneration;
    if (fresh) {
      this.sequence = beginAttach(this.sequence);
    }
    try {
      const attachment = await hub.attachTerminal(this.options.workspaceId, this.options.sessionId);
      if (this.disposed || generation !== this.attachGeneration) {
        return;
      }
      this.apply(completeAttach(this.sequence, attachment.scrollback, attachment.endOffset));
      if (attachment.session.status === 'exited') {
        this.reportExit(attachment.session.exitCode);
      }
    } catch (error) {
      if (!this.disposed && generation === this.attachGeneration) {
        this.terminal?.write(`\r\n\x1b[31m${error instanceof Error ? error.message : String(error)}\x1b[0m\r\n`);
      }
    }
  }

  private apply(step: OutputStep): void {
    this.sequence = step.sequence;
    if (step.reset) {
      this.terminal?.reset();
    }
    if (step.write) {
      this.terminal?.write(step.write);
    }
    if (step.resync) {
      void this.attach(false);
    }
  }

  private reportExit(exitCode: number | null | undefined): void {
    if (this.reportedExit || this.disposed) {
      return;
    }
    this.reportedExit = true;
    this.terminal?.write(`\r\n\x1b[2m[process exited${exitCode != null ? ` with code ${exitCode}` : ''}]\x1b[0m\r\n`);
    this.options.onExited(exitCode ?? null);
  }

  private input(data: string): void {
    if (!this.options.canWrite) {
      return;
    }
    for (const chunk of inputChunks(data)) {
      hub.sendInput(this.options.workspaceId, this.options.sessionId, chunk).then(
        () => {
          this.inputFailed = false;
        },
        (error: unknown) => {
          if (!this.inputFailed && !this.disposed) {
            this.inputFailed = true;
            this.options.onInputFailed(error);
          }
        },
      );
    }
  }

  private resized(columns: number, rows: number): void {
    if (!this.options.canWrite) {
      return;
    }
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      if (this.disposed || (columns === this.sentColumns && rows === this.sentRows)) {
        return;
      }
      this.sentColumns = columns;
      this.sentRows = rows;
      hub.resizeTerminal(this.options.workspaceId, this.options.sessionId, columns, rows).catch(() => undefined);
    }, resizeDebounceMs);
  }
}

function disposer(disposable: IDisposable): () => void {
  return () => disposable.dispose();
}
