import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../net/api';
import type { AgentProviderStatus, ChatThreadInfo } from '../net/agentTypes';
import { hub } from '../net/hub';
import { isRefusal, untilAnswered } from '../net/hubError';
import { toast } from '../ui/toasts';
import { applyToRuns, mergeRuns, type RunView, withRun } from './runView';

export interface AgentChat {
  provider?: AgentProviderStatus;
  threads: ChatThreadInfo[];
  threadId?: string;
  runs: RunView[];
  /** Why the last call failed, for the panel to show. */
  error?: string;
  /** Revert refusals by run id. */
  refusals: Record<string, string>;
  selectThread(threadId: string | undefined): void;
  newThread(): Promise<void>;
  ask(prompt: string): Promise<boolean>;
  stop(runId: string): Promise<void>;
  revert(runId: string): Promise<void>;
}

const maxTitleLength = 60;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The chat of a workspace's AI agent: watches its runs (agentEvent, again after a reconnect) and its provider
 * (agentProviderChanged: read again, so a page open before a provider was set can use it), loads the threads and the
 * shown thread's runs, and applies live events to them, reloading when an event is of a run it does not know, follows
 * a gap, or ends a run (the info then says which files it changed).
 */
export function useAgentChat(workspaceId: string): AgentChat {
  const [provider, setProvider] = useState<AgentProviderStatus>();
  const [threads, setThreads] = useState<ChatThreadInfo[]>([]);
  const [threadId, setThreadId] = useState<string>();
  const [runs, setRunsState] = useState<RunView[]>([]);
  const [error, setError] = useState<string>();
  const [refusals, setRefusals] = useState<Record<string, string>>({});
  const runsRef = useRef<RunView[]>([]);
  const threadRef = useRef<string | undefined>(undefined);
  const loadSeq = useRef(0);

  const setRuns = useCallback((next: RunView[]) => {
    runsRef.current = next;
    setRunsState(next);
  }, []);

  const loadRuns = useCallback(async () => {
    const shown = threadRef.current;
    const seq = ++loadSeq.current;
    if (!shown) {
      setRuns([]);
      return;
    }
    try {
      const loaded = await hub.agent.threadRuns(workspaceId, shown);
      if (seq === loadSeq.current && threadRef.current === shown) {
        setRuns(mergeRuns(loaded, runsRef.current));
      }
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [workspaceId, setRuns]);

  const loadThreads = useCallback(async () => {
    try {
      const list = await hub.agent.threads(workspaceId);
      setThreads(list);
      const latest = list[list.length - 1];
      if (!threadRef.current && latest) {
        threadRef.current = latest.threadId;
        setThreadId(threadRef.current);
      }
      await loadRuns();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [workspaceId, loadRuns]);

  useEffect(() => {
    let cancelled = false;
    threadRef.current = undefined;
    setThreadId(undefined);
    setRuns([]);
    // Read the provider now and whenever it may have changed (a team's was set, the installation's reloaded, the workspace moved).
    const readProvider = () =>
      api.workspaces
        .agent(workspaceId)
        .then((status) => !cancelled && setProvider(status))
        .catch((failure: unknown) => !cancelled && setError(messageOf(failure)));
    void readProvider();
    const offProvider = hub.on('agentProviderChanged', (event) => {
      if (event.workspaceId === null || event.workspaceId === workspaceId) {
        setError(undefined);
        void readProvider();
      }
    });

    const offEvent = hub.on('agentEvent', (event) => {
      if (event.workspaceId !== workspaceId) {
        return;
      }
      const { runs: next, unknown } = applyToRuns(runsRef.current, event);
      setRuns(next);
      const run = next.find((r) => r.runId === event.runId);
      if (unknown && event.kind === 'started') {
        void loadThreads(); // someone started a run: it may be in the shown thread
      } else if (run && (run.stale || event.kind === 'finished' || event.kind === 'reverted')) {
        void loadRuns();
      }
    });
    // The hub could not replay the events missed while disconnected: read the runs again.
    const offReset = hub.on('streamReset', (reset) => {
      if (reset.workspaceId === workspaceId && reset.stream === 'agent' && !cancelled) {
        toast.info('Reconnected. Some agent updates were missed; the conversation was reloaded.');
        void loadThreads();
      }
    });
    // Watch first, then read: a run that starts in between arrives as an event. A watch that resumed after the last
    // event seen gets what was missed as events, so there is nothing to read again. A failure that is no refusal is
    // tried again while connected; a reconnect watches again anyway.
    const watch = () =>
      untilAnswered(() => hub.agent.watch(workspaceId), () => !cancelled && hub.state() === 'connected')
        .then(async (resumed) => {
          if (!cancelled && !resumed) {
            await loadThreads();
          }
        })
        .catch((failure: unknown) => {
          if (!cancelled && (isRefusal(failure) || hub.state() === 'connected')) {
            setError(messageOf(failure));
          }
        });
    void watch();
    const offReconnected = hub.onReconnected(() => {
      void watch();
      void readProvider();
    });
    return () => {
      cancelled = true;
      offEvent();
      offProvider();
      offReset();
      offReconnected();
      void hub.agent.unwatch(workspaceId).catch(() => undefined);
    };
  }, [workspaceId, loadThreads, loadRuns, setRuns]);

  const selectThread = useCallback(
    (next: string | undefined) => {
      threadRef.current = next;
      setThreadId(next);
      setRuns([]);
      void loadRuns();
    },
    [loadRuns, setRuns],
  );

  const newThread = useCallback(async () => {
    selectThread(undefined);
  }, [selectThread]);

  const ask = useCallback(
    async (prompt: string) => {
      setError(undefined);
      try {
        let shown = threadRef.current;
        if (!shown) {
          const title = (prompt.trim().split('\n')[0] ?? '').slice(0, maxTitleLength);
          const created = await hub.agent.createThread(workspaceId, title);
          setThreads((current) => [...current, created]);
          shown = created.threadId;
          threadRef.current = shown;
          setThreadId(shown);
        }
        const started = await hub.agent.start(workspaceId, shown, prompt);
        if (threadRef.current === shown) {
          setRuns(withRun(runsRef.current, started));
        }
        return true;
      } catch (failure) {
        setError(messageOf(failure));
        return false;
      }
    },
    [workspaceId, setRuns],
  );

  const stop = useCallback(
    async (runId: string) => {
      try {
        await hub.agent.cancel(workspaceId, runId);
      } catch (failure) {
        setError(messageOf(failure));
      }
    },
    [workspaceId],
  );

  const revert = useCallback(
    async (runId: string) => {
      try {
        const result = await hub.agent.revert(workspaceId, runId);
        setRefusals((current) => {
          const next = { ...current };
          if (result.reverted) {
            delete next[runId];
          } else {
            next[runId] = result.message;
          }
          return next;
        });
        await loadRuns();
      } catch (failure) {
        setRefusals((current) => ({ ...current, [runId]: messageOf(failure) }));
      }
    },
    [workspaceId, loadRuns],
  );

  return { provider, threads, threadId, runs, error, refusals, selectThread, newThread, ask, stop, revert };
}
