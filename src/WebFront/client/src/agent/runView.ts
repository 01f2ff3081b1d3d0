// The chat panel's view of runs: a run's info (as GetAgentThreadRuns returns it) and its live agentEvents reduced to
// what the panel shows — the prompt, the answer's text and tool calls in order, status, token usage. Pure functions, so
// replaying a run's recorded events and applying live ones give the same view.
import type { AgentRunEvent, AgentRunInfo, AgentRunStatus } from '../net/agentTypes';

export interface ToolCallView {
  kind: 'tool';
  id: string;
  name: string;
  input: string;
  output?: string;
  isError: boolean;
  diff?: string;
  done: boolean;
}

export type RunItem = { kind: 'text'; text: string } | ToolCallView;

export interface RunView {
  runId: string;
  threadId: string;
  userName: string;
  prompt: string;
  status: AgentRunStatus;
  error?: string;
  startedAt: string;
  items: RunItem[];
  inputTokens: number;
  outputTokens: number;
  reverted: boolean;
  revertMessage?: string;
  changedFiles: string[];
  /** Whether a tool of the run changed a file (so a revert may apply) before the info says which. */
  edited: boolean;
  /** The sequence of the last event applied (events count from 1 without gaps). */
  lastSequence: number;
  /** An event arrived past a gap: reload the run to fill it. */
  stale: boolean;
}

/** The view of a run from its info, its recorded events replayed; the info's own totals win. */
export function runViewFromInfo(info: AgentRunInfo): RunView {
  let view: RunView = {
    runId: info.runId,
    threadId: info.threadId,
    userName: info.userName,
    prompt: info.prompt,
    status: 'running',
    startedAt: info.startedAt,
    items: [],
    inputTokens: 0,
    outputTokens: 0,
    reverted: false,
    changedFiles: [],
    edited: false,
    lastSequence: 0,
    stale: false,
  };
  for (const event of [...info.events].sort((a, b) => a.sequence - b.sequence)) {
    view = applyRunEvent(view, event);
  }
  return {
    ...view,
    status: info.status,
    error: info.error ?? view.error,
    inputTokens: Math.max(info.inputTokens, view.inputTokens),
    outputTokens: Math.max(info.outputTokens, view.outputTokens),
    reverted: info.reverted || view.reverted,
    changedFiles: info.changedFiles,
    edited: view.edited || info.changedFiles.length > 0,
    stale: false,
  };
}

/** Applies one event; an event already applied (a replay overlapping the live stream) changes nothing. */
export function applyRunEvent(view: RunView, event: AgentRunEvent): RunView {
  if (event.runId !== view.runId || event.sequence <= view.lastSequence) {
    return view;
  }
  const next: RunView = { ...view, lastSequence: event.sequence, stale: view.stale || event.sequence > view.lastSequence + 1 };
  switch (event.kind) {
    case 'started':
      return { ...next, prompt: event.text ?? next.prompt, status: 'running' };
    case 'textDelta': {
      const delta = event.text ?? '';
      const last = next.items[next.items.length - 1];
      const items = last?.kind === 'text' ? [...next.items.slice(0, -1), { kind: 'text' as const, text: last.text + delta }] : [...next.items, { kind: 'text' as const, text: delta }];
      return { ...next, items };
    }
    case 'toolCallStarted':
      return {
        ...next,
        items: [...next.items, { kind: 'tool', id: event.toolCallId ?? `call-${event.sequence}`, name: event.toolName ?? 'tool', input: event.input ?? '', isError: false, done: false }],
      };
    case 'toolCallFinished': {
      const diff = event.diff ?? undefined;
      const items = next.items.map((item) =>
        item.kind === 'tool' && item.id === event.toolCallId ? { ...item, output: event.output ?? '', isError: Boolean(event.isError), diff, done: true } : item,
      );
      return { ...next, items, edited: next.edited || Boolean(diff) };
    }
    case 'usage':
      return { ...next, inputTokens: event.inputTokens ?? next.inputTokens, outputTokens: event.outputTokens ?? next.outputTokens };
    case 'finished':
      return {
        ...next,
        status: event.status ?? 'completed',
        error: event.error ?? undefined,
        items: next.items.map((item) => (item.kind === 'tool' && !item.done ? { ...item, done: true } : item)),
      };
    case 'reverted':
      return { ...next, reverted: true, revertMessage: event.text ?? undefined };
    default:
      return next;
  }
}

/** The runs of the shown thread after an agentEvent: `unknown` when the event is of a run not (yet) among them. */
export function applyToRuns(runs: readonly RunView[], event: AgentRunEvent): { runs: RunView[]; unknown: boolean } {
  const index = runs.findIndex((run) => run.runId === event.runId);
  const current = runs[index];
  if (!current) {
    return { runs: [...runs], unknown: true };
  }
  const updated = applyRunEvent(current, event);
  if (updated === current) {
    return { runs: [...runs], unknown: false };
  }
  return { runs: runs.map((run, i) => (i === index ? updated : run)), unknown: false };
}

/** Merges a fresh load of a thread's runs with the live view: a run the live events have carried further keeps them. */
export function mergeRuns(loaded: readonly AgentRunInfo[], current: readonly RunView[]): RunView[] {
  return loaded.map((info) => {
    const fresh = runViewFromInfo(info);
    const live = current.find((run) => run.runId === info.runId);
    return live && live.lastSequence > fresh.lastSequence && !live.stale ? live : fresh;
  });
}

/** The runs with <paramref name="info"/>'s run added at the end, or replaced where it is unless live events carried it further. */
export function withRun(runs: readonly RunView[], info: AgentRunInfo): RunView[] {
  const fresh = runViewFromInfo(info);
  const index = runs.findIndex((run) => run.runId === info.runId);
  if (index < 0) {
    return [...runs, fresh];
  }
  return runs.map((run, i) => (i === index && fresh.lastSequence >= run.lastSequence ? fresh : run));
}

/** Whether the revert button applies: the run ended, changed files, and is not reverted yet. */
export function canRevert(run: RunView): boolean {
  return run.status !== 'running' && !run.reverted && (run.changedFiles.length > 0 || run.edited);
}
