import { describe, expect, it } from 'vitest';
import { diffLineKind, formatToolInput, summarizeToolInput } from './toolSummary';

describe('summarizeToolInput', () => {
  it('names the path, command or pattern of a call', () => {
    expect(summarizeToolInput('{"path":"src/app.ts","old":"a","new":"b"}')).toBe('src/app.ts');
    expect(summarizeToolInput('{"command":"dotnet test"}')).toBe('dotnet test');
    expect(summarizeToolInput('{"pattern":"TODO"}')).toBe('TODO');
  });

  it('clips long or multi-line values and copes with input that is not an object', () => {
    expect(summarizeToolInput(JSON.stringify({ command: 'echo one\necho two' }))).toBe('echo one…');
    expect(summarizeToolInput(JSON.stringify({ command: 'x'.repeat(200) }))).toHaveLength(121);
    expect(summarizeToolInput('{}')).toBe('');
    expect(summarizeToolInput('[1]')).toBe('');
    expect(summarizeToolInput('not json')).toBe('not json');
  });

  it('pretty-prints JSON arguments and leaves other text alone', () => {
    expect(formatToolInput('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(formatToolInput('{oops')).toBe('{oops');
  });
});

describe('diffLineKind', () => {
  it('tells headers, hunks, additions, removals and context apart', () => {
    expect(['--- a/x', '+++ b/x', '@@ -1 +1 @@', '+new', '-old', ' same'].map(diffLineKind)).toEqual(['header', 'header', 'hunk', 'added', 'removed', 'context']);
  });
});
