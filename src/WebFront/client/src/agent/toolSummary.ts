// One line about a tool call for the compact view ("read_file src/app.ts", "run_command dotnet test"), and the classes
// of a unified diff's lines for the expanded view of an edit.

const summaryKeys = ['command', 'pattern', 'query', 'path', 'directory'];
const maxSummaryLength = 120;

/** What the call is about, from its JSON arguments: the path, command or pattern; '' when there is nothing telling. */
export function summarizeToolInput(input: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch {
    return clip(input.trim());
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return '';
  }
  const record = parsed as Record<string, unknown>;
  for (const key of summaryKeys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) {
      return clip(value.trim());
    }
  }
  const first = Object.values(record).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return first ? clip(first.trim()) : '';
}

/** The tool's arguments for the expanded view: pretty JSON, or the text as it came. */
export function formatToolInput(input: string): string {
  try {
    return JSON.stringify(JSON.parse(input), null, 2);
  } catch {
    return input;
  }
}

export type DiffLineKind = 'added' | 'removed' | 'hunk' | 'header' | 'context';

export function diffLineKind(line: string): DiffLineKind {
  if (line.startsWith('+++') || line.startsWith('---')) {
    return 'header';
  }
  if (line.startsWith('@@')) {
    return 'hunk';
  }
  if (line.startsWith('+')) {
    return 'added';
  }
  if (line.startsWith('-')) {
    return 'removed';
  }
  return 'context';
}

function clip(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > maxSummaryLength || line !== text ? `${line.slice(0, maxSummaryLength)}…` : line;
}
