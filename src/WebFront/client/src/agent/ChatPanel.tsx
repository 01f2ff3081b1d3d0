import { type FormEvent, type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { Markdown } from './Markdown';
import { ToolCallItem } from './ToolCallItem';
import { canRevert, type RunView } from './runView';
import { useAgentChat } from './useAgentChat';
import './agent.css';

const maxPromptLength = 32 * 1024;

const statusLabels: Record<RunView['status'], string> = {
  running: 'Working…',
  completed: 'Done',
  cancelled: 'Stopped',
  limitReached: 'Stopped at a limit',
  failed: 'Failed',
};

/**
 * The workspace's AI chat beside the editor: the threads, each run as the question (who asked) and the agent's
 * streamed answer with its tool calls, a stop button while it works, revert and token usage per run. Viewers read;
 * writers ask. Without a provider it shows how to configure one.
 */
export function ChatPanel({ workspaceId, canWrite }: { workspaceId: string; canWrite: boolean }) {
  const chat = useAgentChat(workspaceId);
  const [prompt, setPrompt] = useState('');
  const [sending, setSending] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const running = chat.runs.find((run) => run.status === 'running');
  const configured = chat.provider?.configured ?? false;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element) {
      element.scrollTop = element.scrollHeight;
    }
  }, [chat.runs]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = prompt.trim();
    if (!text || sending) {
      return;
    }
    setSending(true);
    if (await chat.ask(text)) {
      setPrompt('');
    }
    setSending(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <aside className="agent-panel" data-testid="agent-panel" aria-label="AI agent">
      <header className="agent-header">
        <h2>AI agent</h2>
        <select
          className="agent-threads"
          value={chat.threadId ?? ''}
          onChange={(event) => chat.selectThread(event.target.value || undefined)}
          aria-label="Conversation"
          data-testid="agent-threads"
        >
          <option value="">New conversation</option>
          {chat.threads.map((thread) => (
            <option key={thread.threadId} value={thread.threadId}>
              {thread.title}
            </option>
          ))}
        </select>
        <button type="button" className="button button-small" onClick={() => void chat.newThread()} disabled={!chat.threadId} data-testid="agent-new-thread">
          New
        </button>
      </header>

      {chat.provider && !configured ? (
        <div className="agent-help" data-testid="agent-help">
          {/* The server's help says what is missing; the settings it names only for the installation admin. */}
          <p>{chat.provider.help ?? 'No AI provider is configured. Ask the installation admin to configure one.'}</p>
        </div>
      ) : null}
      {chat.provider?.configured ? (
        <div className="agent-provider muted" data-testid="agent-provider">
          {chat.provider.provider} · {chat.provider.model}
        </div>
      ) : null}

      <div className="agent-conversation" ref={scroller} data-testid="agent-conversation">
        {chat.runs.length === 0 ? <p className="muted agent-empty">Ask the agent to change code, explain it or run commands in this workspace.</p> : null}
        {chat.runs.map((run) => (
          <RunEntry key={run.runId} run={run} canWrite={canWrite} refusal={chat.refusals[run.runId]} onRevert={() => void chat.revert(run.runId)} />
        ))}
      </div>

      {chat.error ? (
        <div className="form-error agent-error" role="alert" data-testid="agent-error">
          {chat.error}
        </div>
      ) : null}

      <form className="agent-composer" onSubmit={(event) => void submit(event)}>
        <textarea
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={canWrite ? 'Ask the agent… (Enter to send, Shift+Enter for a new line)' : 'Viewers can read the conversation but not ask.'}
          disabled={!canWrite || !configured}
          maxLength={maxPromptLength}
          rows={3}
          aria-label="Prompt"
          data-testid="agent-prompt"
        />
        <div className="agent-composer-actions">
          {running ? (
            <button type="button" className="button button-danger button-small" onClick={() => void chat.stop(running.runId)} disabled={!canWrite} data-testid="agent-stop">
              Stop
            </button>
          ) : null}
          <button type="submit" className="button button-primary button-small" disabled={!canWrite || !configured || sending || !prompt.trim() || Boolean(running)} data-testid="agent-send">
            Send
          </button>
        </div>
      </form>
    </aside>
  );
}

function RunEntry({ run, canWrite, refusal, onRevert }: { run: RunView; canWrite: boolean; refusal?: string; onRevert: () => void }) {
  return (
    <article className="agent-run" data-testid="agent-run" data-run-id={run.runId} data-status={run.status} data-reverted={run.reverted}>
      <div className="agent-prompt-bubble">
        <div className="agent-who">{run.userName} asked</div>
        <div className="agent-prompt-text">{run.prompt}</div>
      </div>
      <div className="agent-answer" data-testid="agent-answer">
        {run.items.map((item, index) =>
          item.kind === 'text' ? <Markdown key={index} text={item.text} /> : <ToolCallItem key={item.id} call={item} />,
        )}
        {run.status === 'running' && run.items.length === 0 ? <p className="muted">Thinking…</p> : null}
        {run.error ? (
          <div className="form-error" data-testid="agent-run-error">
            {run.error}
          </div>
        ) : null}
      </div>
      <footer className="agent-run-footer">
        <span className={`agent-status agent-status-${run.status.toLowerCase()}`} data-testid="agent-run-status">
          {statusLabels[run.status]}
        </span>
        <span className="muted" data-testid="agent-tokens" title="Tokens sent to and received from the model in this run">
          {run.inputTokens.toLocaleString()} in · {run.outputTokens.toLocaleString()} out tokens
        </span>
        {run.reverted ? (
          <span className="muted" data-testid="agent-reverted">
            Reverted
          </span>
        ) : null}
        {canRevert(run) && canWrite ? (
          <button type="button" className="button button-small" onClick={onRevert} data-testid="agent-revert" title={run.changedFiles.join(', ')}>
            Revert
          </button>
        ) : null}
      </footer>
      {refusal ? (
        <div className="form-error agent-refusal" role="alert" data-testid="agent-revert-refused">
          {refusal}
        </div>
      ) : null}
    </article>
  );
}
