// Merges log lines from the /logs tail and from live `log` events without showing a line twice: a line the
// list already holds n times is skipped the first n times it comes in again.
import type { LogEntry } from '../net/types';

export const maxLogLines = 5_000;

function key(line: LogEntry): string {
  return `${line.timestamp ?? ''}\u0000${line.stream}\u0000${line.text}`;
}

export function mergeLogLines(existing: readonly LogEntry[], incoming: readonly LogEntry[], max = maxLogLines): LogEntry[] {
  const seen = new Map<string, number>();
  for (const line of existing) {
    const k = key(line);
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const added: LogEntry[] = [];
  for (const line of incoming) {
    const k = key(line);
    const count = seen.get(k) ?? 0;
    if (count > 0) {
      seen.set(k, count - 1);
    } else {
      added.push(line);
    }
  }
  if (added.length === 0) {
    return existing.length > max ? existing.slice(-max) : [...existing];
  }
  let merged = [...existing, ...added];
  // Lines missed while disconnected belong before the ones that arrived since: order by time when every line has
  // one (stable for equal times), else keep the order they came in.
  const times = merged.map((line) => (line.timestamp ? Date.parse(line.timestamp) : Number.NaN));
  if (times.every((at) => !Number.isNaN(at))) {
    merged = merged
      .map((line, index) => ({ line, index, at: times[index]! }))
      .sort((a, b) => a.at - b.at || a.index - b.index)
      .map((entry) => entry.line);
  }
  return merged.length > max ? merged.slice(-max) : merged;
}
