import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

describe('parseMarkdown', () => {
  it('splits paragraphs, headings and fenced code with its language', () => {
    const blocks = parseMarkdown('# Plan\n\nI will add it.\nThen test.\n\n```csharp\nvar x = 1;\n\nreturn x;\n```\nDone.');
    expect(blocks).toEqual([
      { type: 'heading', level: 1, children: [{ type: 'text', text: 'Plan' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'I will add it.\nThen test.' }] },
      { type: 'code', language: 'csharp', text: 'var x = 1;\n\nreturn x;' },
      { type: 'paragraph', children: [{ type: 'text', text: 'Done.' }] },
    ]);
  });

  it('keeps an unclosed fence (text still streaming) as a code block to the end', () => {
    expect(parseMarkdown('Look:\n```\nline 1\nline 2')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Look:' }] },
      { type: 'code', language: '', text: 'line 1\nline 2' },
    ]);
  });

  it('does not read markup inside code blocks', () => {
    const [block] = parseMarkdown('~~~\n# not a heading\n**not bold**\n~~~');
    expect(block).toEqual({ type: 'code', language: '', text: '# not a heading\n**not bold**' });
  });

  it('reads bulleted and numbered lists with their start', () => {
    expect(parseMarkdown('- one\n- `two`\n\n3. c\n4. d')).toEqual([
      { type: 'list', ordered: false, start: 1, items: [[{ type: 'text', text: 'one' }], [{ type: 'code', text: 'two' }]] },
      { type: 'list', ordered: true, start: 3, items: [[{ type: 'text', text: 'c' }], [{ type: 'text', text: 'd' }]] },
    ]);
  });

  it('reads quotes and rules', () => {
    expect(parseMarkdown('> quoted\n> more\n\n---')).toEqual([
      { type: 'quote', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'quoted\nmore' }] }] },
      { type: 'rule' },
    ]);
  });
});

describe('parseInline', () => {
  it('reads code spans, bold, italic and links', () => {
    expect(parseInline('Run `dotnet test` **now**, *then* see [docs](https://example.com/a).')).toEqual([
      { type: 'text', text: 'Run ' },
      { type: 'code', text: 'dotnet test' },
      { type: 'text', text: ' ' },
      { type: 'strong', children: [{ type: 'text', text: 'now' }] },
      { type: 'text', text: ', ' },
      { type: 'em', children: [{ type: 'text', text: 'then' }] },
      { type: 'text', text: ' see ' },
      { type: 'link', href: 'https://example.com/a', children: [{ type: 'text', text: 'docs' }] },
      { type: 'text', text: '.' },
    ]);
  });

  it('leaves unsafe links, HTML and unmatched markers as plain text', () => {
    expect(parseInline('[x](javascript:alert(1)) <b>hi</b> 2 * 3 and snake_case_name')).toEqual([
      { type: 'text', text: '[x](javascript:alert(1)) <b>hi</b> 2 * 3 and snake_case_name' },
    ]);
  });

  it('honours backslash escapes', () => {
    expect(parseInline('\\*not italic\\*')).toEqual([{ type: 'text', text: '*not italic*' }]);
  });
});
