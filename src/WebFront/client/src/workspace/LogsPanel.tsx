import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../net/api';
import { hub } from '../net/hub';
import type { LogEntry } from '../net/types';
import { formatTime } from '../ui/format';
import { mergeLogLines } from './logLines';

const tail = 200;
const batchMs = 50;

/**
 * The container's output: the last lines from /logs, then every `log` event (the page has joined the workspace),
 * and the tail again after a reconnect to fill the gap (with durable streams the hub also resumes after the last line or
 * the mark set before the first tail, so no line is missed). Stays at the bottom unless the reader scrolled up.
 */
export function LogsPanel({ workspaceId, active }: { workspaceId: string; active: boolean }) {
  const [lines, setLines] = useState<LogEntry[]>([]);
  const [error, setError] = useState<string>();
  const [following, setFollowing] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    // A chatty container sends hundreds of lines a second: render them in batches.
    let batch: LogEntry[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const offLog = hub.on('log', (event) => {
      if (event.workspaceId !== workspaceId) {
        return;
      }
      batch.push({ stream: event.stream, text: event.text, timestamp: event.timestamp });
      flushTimer ??= setTimeout(() => {
        const arrived = batch;
        batch = [];
        flushTimer = undefined;
        setLines((current) => mergeLogLines(current, arrived));
      }, batchMs);
    });
    async function loadTail() {
      try {
        // Marked first, so every line the tail misses from here on comes back on a reconnect.
        await hub.markLogs(workspaceId);
        const recent = await api.workspaces.logs(workspaceId, tail);
        if (!cancelled) {
          setLines((current) => mergeLogLines(current, recent));
          setError(undefined);
        }
      } catch (failure) {
        if (!cancelled) {
          setError(failure instanceof Error ? failure.message : String(failure));
        }
      }
    }
    void loadTail();
    const offReconnected = hub.onReconnected(() => void loadTail());
    // The server could not resume the lines from the last one seen (too old, or it keeps no history): fill the gap.
    const offReset = hub.on('streamReset', (reset) => {
      if (reset.workspaceId === workspaceId && reset.stream === 'logs') {
        void loadTail();
      }
    });
    return () => {
      cancelled = true;
      clearTimeout(flushTimer);
      offLog();
      offReconnected();
      offReset();
    };
  }, [workspaceId]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following && active) {
      element.scrollTop = element.scrollHeight;
    }
  }, [lines, following, active]);

  function onScroll() {
    const element = scroller.current;
    if (element) {
      setFollowing(element.scrollHeight - element.scrollTop - element.clientHeight < 24);
    }
  }

  return (
    <div className="logs-panel" data-testid="logs-panel" data-lines={lines.length}>
      <div className="logs-scroll" ref={scroller} onScroll={onScroll}>
        {error ? <div className="log-error">Could not load the logs: {error}</div> : null}
        {lines.length === 0 && !error ? <div className="log-empty">No output yet.</div> : null}
        {lines.map((line, index) => (
          <div key={index} className={line.stream === 'stderr' ? 'log-line log-stderr' : 'log-line'} data-testid="log-line" data-stream={line.stream}>
            <span className="log-time">{formatTime(line.timestamp)}</span>
            <span className="log-text">{line.text}</span>
          </div>
        ))}
      </div>
      {!following ? (
        <button type="button" className="button button-small logs-jump" onClick={() => setFollowing(true)} data-testid="logs-follow">
          Jump to latest ↓
        </button>
      ) : null}
    </div>
  );
}
