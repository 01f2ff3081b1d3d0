import { describe, expect, it } from 'vitest';
import type { AgentRunEvent, AgentRunInfo } from '../net/agentTypes';
import { applyRunEvent, applyToRuns, canRevert, mergeRuns, runViewFromInfo, withRun } from './runView';

function event(sequence: number, kind: AgentRunEvent['kind'], fields: Partial<AgentRunEvent> = {}): AgentRunEvent {
  return { workspaceId: 'w', runId: 'r1', sequence, kind, at: '2026-01-01T00:00:00Z', ...fields };
}

function info(fields: Partial<AgentRunInfo> = {}): AgentRunInfo {
  return {
    workspaceId: 'w',
    runId: 'r1',
    threadId: 't1',
    userId: 'u',
    userName: 'Ada',
    prompt: 'fix it',
    status: 'running',
    steps: 0,
    inputTokens: 0,
    outputTokens: 0,
    startedAt: '2026-01-01T00:00:00Z',
    reverted: false,
    changedFiles: [],
    events: [],
    ...fields,
  };
}

const script = [
  event(1, 'started', { text: 'fix it' }),
  event(2, 'textDelta', { text: 'Let me ' }),
  event(3, 'textDelta', { text: 'look.' }),
  event(4, 'toolCallStarted', { toolCallId: 'c1', toolName: 'edit_file', input: '{"path":"a.txt"}' }),
  event(5, 'toolCallFinished', { toolCallId: 'c1', output: 'edited', diff: '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-x\n+y' }),
  event(6, 'usage', { inputTokens: 120, outputTokens: 30 }),
  event(7, 'textDelta', { text: 'Done.' }),
  event(8, 'finished', { status: 'completed' }),
] as const satisfies readonly AgentRunEvent[];

describe('runView', () => {
  it('joins text deltas and keeps tool calls between the texts, in order', () => {
    const view = script.reduce(applyRunEvent, runViewFromInfo(info()));
    expect(view.items).toEqual([
      { kind: 'text', text: 'Let me look.' },
      { kind: 'tool', id: 'c1', name: 'edit_file', input: '{"path":"a.txt"}', output: 'edited', isError: false, diff: '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-x\n+y', done: true },
      { kind: 'text', text: 'Done.' },
    ]);
    expect(view.status).toBe('completed');
    expect([view.inputTokens, view.outputTokens]).toEqual([120, 30]);
    expect(view.edited).toBe(true);
    expect(canRevert(view)).toBe(true);
  });

  it('ignores an event it has applied already, so a replay overlapping the live stream does not double text', () => {
    let view = runViewFromInfo(info({ events: script.slice(0, 3) }));
    view = applyRunEvent(view, script[2]);
    view = applyRunEvent(view, script[3]);
    expect(view.items[0]).toEqual({ kind: 'text', text: 'Let me look.' });
    expect(view.items).toHaveLength(2);
  });

  it('marks the view stale when an event arrives past a gap', () => {
    const view = applyRunEvent(runViewFromInfo(info({ events: script.slice(0, 2) })), script[4]);
    expect(view.stale).toBe(true);
  });

  it('takes status, totals and changed files from the info', () => {
    const view = runViewFromInfo(info({ events: [...script], status: 'completed', inputTokens: 500, outputTokens: 90, changedFiles: ['a.txt'], reverted: true }));
    expect(view.changedFiles).toEqual(['a.txt']);
    expect([view.inputTokens, view.outputTokens]).toEqual([500, 90]);
    expect(canRevert(view)).toBe(false);
  });

  it('cannot revert a running run or one that changed nothing', () => {
    expect(canRevert(runViewFromInfo(info({ events: script.slice(0, 5) })))).toBe(false);
    expect(canRevert(runViewFromInfo(info({ status: 'completed' })))).toBe(false);
  });

  it('records a revert and closes unfinished tool calls when the run ends', () => {
    let view = script.slice(0, 4).reduce(applyRunEvent, runViewFromInfo(info()));
    view = applyRunEvent(view, event(5, 'finished', { status: 'cancelled' }));
    expect(view.items[1]).toMatchObject({ kind: 'tool', done: true });
    view = applyRunEvent(view, event(6, 'reverted', { text: 'a.txt' }));
    expect(view.reverted).toBe(true);
    expect(view.revertMessage).toBe('a.txt');
  });

  it('says when an event is of a run the thread does not show yet', () => {
    const runs = [runViewFromInfo(info())];
    expect(applyToRuns(runs, { ...script[0], runId: 'r2' }).unknown).toBe(true);
    const applied = applyToRuns(runs, script[1]);
    expect(applied.unknown).toBe(false);
    expect(applied.runs[0]?.items).toEqual([{ kind: 'text', text: 'Let me ' }]);
  });

  it('keeps live progress when a reload brings an older state of the run', () => {
    const live = script.slice(0, 6).reduce(applyRunEvent, runViewFromInfo(info()));
    const merged = mergeRuns([info({ events: script.slice(0, 2) }), info({ runId: 'r2' })], [live]);
    expect(merged[0]).toBe(live);
    expect(merged[1]?.runId).toBe('r2');
  });

  it('adds a started run at the end, or keeps the live one when events got there first', () => {
    const first = runViewFromInfo(info({ runId: 'r0' }));
    expect(withRun([first], info()).map((r) => r.runId)).toEqual(['r0', 'r1']);
    const live = script.slice(0, 3).reduce(applyRunEvent, runViewFromInfo(info()));
    expect(withRun([first, live], info({ events: script.slice(0, 1) }))[1]).toBe(live);
  });
});
