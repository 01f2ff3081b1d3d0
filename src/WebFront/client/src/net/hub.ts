// The SignalR connection to /hubs/workspace: one per tab, opened while signed in, reconnecting forever with
// backoff. It re-joins the workspaces being watched after a reconnect and tells terminals to re-attach. Status, log
// and agent events carry a token when the server keeps them durably: a reconnect resumes after the last one (no gap),
// repeats are dropped, and a "streamReset" (the server no longer has what was missed) makes the views reload.
// Components use the typed helpers below, never the HubConnection.
import {
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
  type IRetryPolicy,
} from '@microsoft/signalr';
import type { AgentRevertResult, AgentRunEvent, AgentRunInfo, ChatThreadInfo } from './agentTypes';
import { HubError, toHubError, untilAnswered } from './hubError';
import { session } from './session';
import { createStreamPositions, type ResumableStream } from './streamPositions';
import type {
  AgentProviderChangedEvent,
  DocumentNoticeEvent,
  DocumentPresence,
  DocumentPullResult,
  DocumentPushResult,
  DocumentSelectionRange,
  DocumentUpdatesEvent,
  DocumentUpdateWire,
  FilesChangedEvent,
  LogEvent,
  OpenedDocument,
  StatusEvent,
  TerminalAttachment,
  TerminalExited,
  TerminalOutput,
  TerminalSession,
  Workspace,
} from './types';

export type HubState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

export interface HubEvents {
  status: StatusEvent;
  log: LogEvent;
  terminalOutput: TerminalOutput;
  terminalExited: TerminalExited;
  documentUpdates: DocumentUpdatesEvent;
  documentPresence: DocumentPresence;
  documentNotice: DocumentNoticeEvent;
  agentEvent: AgentRunEvent;
  agentProviderChanged: AgentProviderChangedEvent;
  filesChanged: FilesChangedEvent;
  streamReset: StreamReset;
}

/** The server could not resume a stream from the tab's last token: events were missed; reload the view. */
export interface StreamReset {
  workspaceId: string;
  stream: ResumableStream;
}

type Handler<K extends keyof HubEvents> = (event: HubEvents[K]) => void;

interface WorkspaceWatch {
  listeners: Set<(workspace: Workspace) => void>;
  errorListeners: Set<(error: Error) => void>;
}

const hubPath = '/hubs/workspace';
const readyTimeoutMs = 30_000;
const maxBackoffMs = 10_000;
const eventNames: (keyof HubEvents)[] = [
  'status',
  'log',
  'terminalOutput',
  'terminalExited',
  'documentUpdates',
  'documentPresence',
  'documentNotice',
  'agentEvent',
  'agentProviderChanged',
  'filesChanged',
  'streamReset',
];

// The events of resumable streams carry the token of their place in it.
const resumable: Partial<Record<keyof HubEvents, ResumableStream>> = { status: 'status', log: 'logs', agentEvent: 'agent' };

// Retry forever: 0 s, 1 s, 2 s, 4 s ... then every 10 s, with a little jitter so tabs do not reconnect in step.
const retryForever: IRetryPolicy = {
  nextRetryDelayInMilliseconds: ({ previousRetryCount }) =>
    Math.min(maxBackoffMs, previousRetryCount === 0 ? 0 : 500 * 2 ** previousRetryCount) + Math.random() * 250,
};

let connection: HubConnection | null = null;
let state: HubState = 'disconnected';
const stateListeners = new Set<(state: HubState) => void>();
const reconnectedListeners = new Set<() => void>();
const handlers = new Map<keyof HubEvents, Set<(event: never) => void>>();
const watches = new Map<string, WorkspaceWatch>();
const positions = createStreamPositions();

function setState(next: HubState): void {
  if (state === next) {
    return;
  }
  state = next;
  for (const listener of stateListeners) {
    listener(next);
  }
}

function create(): HubConnection {
  const built = new HubConnectionBuilder()
    .withUrl(hubPath, { accessTokenFactory: () => session.accessToken() })
    .withAutomaticReconnect(retryForever)
    .configureLogging(LogLevel.Warning)
    .build();
  for (const name of eventNames) {
    built.on(name, (event: never) => {
      if (!handledOnce(name, event)) {
        return;
      }
      for (const handler of handlers.get(name) ?? []) {
        handler(event);
      }
    });
  }
  built.onreconnecting(() => setState('reconnecting'));
  built.onreconnected(() => connected(true));
  built.onclose(() => {
    // Closed without stop(): the server went away for longer than the retries, or refused the connection.
    if (connection === built) {
      void startLoop(built, true);
    }
  });
  return built;
}

/** False for a repeat of a resumable stream's event; a reset forgets the stream's position. */
function handledOnce(name: keyof HubEvents, event: unknown): boolean {
  const stream = resumable[name];
  if (stream) {
    const { workspaceId, token } = event as { workspaceId: string; token?: string | null };
    return positions.accept(stream, workspaceId, token);
  }
  if (name === 'streamReset') {
    const reset = event as StreamReset;
    positions.forget(reset.stream, reset.workspaceId);
    if (reset.stream === 'status' && watches.has(reset.workspaceId)) {
      void join(reset.workspaceId); // hands every watcher the current state again
    }
  }
  return true;
}

function connected(again: boolean): void {
  setState('connected');
  if (!again) {
    return;
  }
  // A new connection is in no SignalR group: join every watched workspace again, then let terminals re-attach.
  for (const workspaceId of watches.keys()) {
    void join(workspaceId);
  }
  for (const listener of reconnectedListeners) {
    listener();
  }
}

async function startLoop(target: HubConnection, again: boolean): Promise<void> {
  for (let attempt = 0; connection === target && target.state === HubConnectionState.Disconnected; attempt++) {
    setState(again || attempt > 0 ? 'reconnecting' : 'connecting');
    try {
      await target.start();
      if (connection === target) {
        connected(again);
      }
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, retryForever.nextRetryDelayInMilliseconds({
        previousRetryCount: attempt + 1,
        elapsedMilliseconds: 0,
        retryReason: new Error('start failed'),
      }) ?? maxBackoffMs));
    }
  }
}

function open(): void {
  if (connection) {
    return;
  }
  connection = create();
  void startLoop(connection, false);
}

function close(): void {
  const closing = connection;
  connection = null;
  setState('disconnected');
  void closing?.stop();
}

/** Resolves with the connection once it is connected (waiting through a reconnect), or fails after 30 s. */
function ready(): Promise<HubConnection> {
  if (connection && state === 'connected') {
    return Promise.resolve(connection);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stateListeners.delete(listener);
      reject(new HubError('Not connected to the server. Check your connection and try again.'));
    }, readyTimeoutMs);
    const listener = (next: HubState) => {
      if (next === 'connected' && connection) {
        clearTimeout(timer);
        stateListeners.delete(listener);
        resolve(connection);
      }
    };
    stateListeners.add(listener);
  });
}

async function invoke<T>(method: string, ...args: unknown[]): Promise<T> {
  const hubConnection = await ready();
  try {
    return await hubConnection.invoke<T>(method, ...args);
  } catch (error) {
    throw toHubError(error);
  }
}

/** Joins (or resumes) a watched workspace, trying again after a failure that is no refusal while it is watched and connected. */
async function join(workspaceId: string): Promise<void> {
  try {
    const workspace = await untilAnswered(
      () => {
        const { method, args } = positions.join('workspace', workspaceId);
        return invoke<Workspace>(method, ...args);
      },
      () => state === 'connected' && watches.has(workspaceId),
    );
    for (const listener of watches.get(workspaceId)?.listeners ?? []) {
      listener(workspace);
    }
  } catch (error) {
    for (const listener of watches.get(workspaceId)?.errorListeners ?? []) {
      listener(error as Error);
    }
  }
}

function followSession(): void {
  if (session.state().phase === 'signedIn') {
    open();
  } else {
    close();
  }
}

session.subscribe(followSession);
followSession();

export const hub = {
  state: (): HubState => state,

  subscribeState(listener: (state: HubState) => void): () => void {
    stateListeners.add(listener);
    return () => stateListeners.delete(listener);
  },

  /** Called after the connection came back (as a new connection): re-attach terminals here. */
  onReconnected(listener: () => void): () => void {
    reconnectedListeners.add(listener);
    return () => reconnectedListeners.delete(listener);
  },

  on<K extends keyof HubEvents>(name: K, handler: Handler<K>): () => void {
    let set = handlers.get(name);
    if (!set) {
      set = new Set();
      handlers.set(name, set);
    }
    const registered = handler as (event: never) => void;
    set.add(registered);
    return () => set.delete(registered);
  },

  /**
   * Joins the workspace's group so its status and log events arrive, and reports its state now and after every
   * reconnect. The group is left when the last watcher lets go.
   */
  watchWorkspace(workspaceId: string, onState: (workspace: Workspace) => void, onError?: (error: Error) => void): () => void {
    let watch = watches.get(workspaceId);
    if (!watch) {
      watch = { listeners: new Set(), errorListeners: new Set() };
      watches.set(workspaceId, watch);
    }
    watch.listeners.add(onState);
    if (onError) {
      watch.errorListeners.add(onError);
    }
    // Joining again is harmless and hands every watcher the current state.
    void join(workspaceId);
    const current = watch;
    return () => {
      current.listeners.delete(onState);
      if (onError) {
        current.errorListeners.delete(onError);
      }
      if (current.listeners.size === 0 && watches.get(workspaceId) === current) {
        watches.delete(workspaceId);
        positions.forget('status', workspaceId);
        positions.forget('logs', workspaceId);
        if (state === 'connected') {
          void invoke('LeaveWorkspace', workspaceId).catch(() => undefined);
        }
      }
    };
  },

  /**
   * Call before reading the logs' tail: until a log line arrives the tab has no place in the log stream, only the tail, so
   * the server marks the stream now and a reconnect resumes every line stored after the mark, not just a new tail. Does
   * nothing once the tab has a place, and when the server keeps its streams in memory (no mark) or cannot mark.
   */
  async markLogs(workspaceId: string): Promise<void> {
    if (positions.resumeFrom('logs', workspaceId) === undefined) {
      positions.mark('logs', workspaceId, await invoke<string | null>('MarkLogs', workspaceId).catch(() => null));
    }
  },

  listTerminals: (workspaceId: string) => invoke<TerminalSession[]>('ListTerminals', workspaceId),
  openTerminal: (workspaceId: string, columns: number, rows: number, isPrivate = false) =>
    invoke<TerminalSession>(isPrivate ? 'OpenPrivateTerminal' : 'OpenTerminal', workspaceId, columns, rows),
  attachTerminal: (workspaceId: string, sessionId: string) =>
    invoke<TerminalAttachment>('AttachTerminal', workspaceId, sessionId),
  detachTerminal: (workspaceId: string, sessionId: string) => invoke<void>('DetachTerminal', workspaceId, sessionId),
  sendInput: (workspaceId: string, sessionId: string, data: string) =>
    invoke<void>('SendInput', workspaceId, sessionId, data),
  resizeTerminal: (workspaceId: string, sessionId: string, columns: number, rows: number) =>
    invoke<void>('ResizeTerminal', workspaceId, sessionId, columns, rows),
  closeTerminal: (workspaceId: string, sessionId: string) => invoke<void>('CloseTerminal', workspaceId, sessionId),

  // Collaborative documents: open joins the document's group (its updates, presence and notices arrive as events).
  openDocument: (workspaceId: string, path: string) => invoke<OpenedDocument>('OpenDocument', workspaceId, path),
  closeDocument: (workspaceId: string, path: string) => invoke<void>('CloseDocument', workspaceId, path),
  pushDocumentUpdates: (workspaceId: string, path: string, version: number, updates: DocumentUpdateWire[]) =>
    invoke<DocumentPushResult>('PushDocumentUpdates', workspaceId, path, version, updates),
  pullDocumentUpdates: (workspaceId: string, path: string, version: number) =>
    invoke<DocumentPullResult>('PullDocumentUpdates', workspaceId, path, version),
  setDocumentPresence: (workspaceId: string, path: string, clientID: string, version: number, ranges: DocumentSelectionRange[]) =>
    invoke<void>('SetDocumentPresence', workspaceId, path, { clientID, version, ranges }),

  /** The file tree: watching a workspace's directories (filesChanged; watch again after a reconnect). */
  files: {
    watch: (workspaceId: string) => invoke<void>('WatchFiles', workspaceId),
    unwatch: (workspaceId: string) => invoke<void>('UnwatchFiles', workspaceId),
  },

  /**
   * The AI agent: watching a workspace's runs (agentEvent; watch again after a reconnect), threads, runs. watch
   * resolves to true when it resumed after the last event seen, so nothing was missed and there is nothing to reload.
   */
  agent: {
    watch: async (workspaceId: string): Promise<boolean> => {
      const { method, args } = positions.join('agent', workspaceId);
      await invoke<void>(method, ...args);
      return method === 'ResumeAgent';
    },
    unwatch: (workspaceId: string) => {
      positions.forget('agent', workspaceId);
      return invoke<void>('UnwatchAgent', workspaceId);
    },
    threads: (workspaceId: string) => invoke<ChatThreadInfo[]>('ListAgentThreads', workspaceId),
    createThread: (workspaceId: string, title: string) => invoke<ChatThreadInfo>('CreateAgentThread', workspaceId, title),
    threadRuns: (workspaceId: string, threadId: string) => invoke<AgentRunInfo[]>('GetAgentThreadRuns', workspaceId, threadId),
    start: (workspaceId: string, threadId: string, prompt: string) => invoke<AgentRunInfo>('StartAgentRun', workspaceId, threadId, prompt),
    cancel: (workspaceId: string, runId: string) => invoke<AgentRunInfo>('CancelAgentRun', workspaceId, runId),
    revert: (workspaceId: string, runId: string) => invoke<AgentRevertResult>('RevertAgentRun', workspaceId, runId),
  },
};
