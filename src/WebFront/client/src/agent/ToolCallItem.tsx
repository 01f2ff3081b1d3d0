import { useState } from 'react';
import type { ToolCallView } from './runView';
import { diffLineKind, formatToolInput, summarizeToolInput } from './toolSummary';

/** A tool call in one line (name and what it is about); opened, the arguments and output, or the diff of an edit. */
export function ToolCallItem({ call }: { call: ToolCallView }) {
  const [open, setOpen] = useState(false);
  const summary = summarizeToolInput(call.input);
  const state = !call.done ? 'running' : call.isError ? 'error' : 'ok';
  return (
    <div className={`agent-tool agent-tool-${state}`} data-testid="agent-tool" data-tool-name={call.name} data-state={state}>
      <button type="button" className="agent-tool-line" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="agent-tool-toggle">
        <span className="agent-tool-mark" aria-hidden="true">
          {state === 'running' ? '…' : state === 'error' ? '✕' : '✓'}
        </span>
        <span className="agent-tool-name">{call.name}</span>
        <span className="agent-tool-summary">{summary}</span>
        <span className="agent-tool-chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
      {open ? (
        <div className="agent-tool-details" data-testid="agent-tool-details">
          {call.diff ? (
            <pre className="agent-diff" data-testid="agent-tool-diff">
              {call.diff.split('\n').map((line, index) => (
                <div key={index} className={`diff-${diffLineKind(line)}`}>
                  {line || ' '}
                </div>
              ))}
            </pre>
          ) : (
            <pre className="agent-code">
              <code>{formatToolInput(call.input)}</code>
            </pre>
          )}
          {call.output !== undefined ? (
            <pre className={call.isError ? 'agent-code agent-tool-output agent-tool-output-error' : 'agent-code agent-tool-output'} data-testid="agent-tool-output">
              <code>{call.output || '(no output)'}</code>
            </pre>
          ) : (
            <p className="muted">Running…</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
