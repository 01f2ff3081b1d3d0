// A small markdown parser for the agent's answers: headings, paragraphs, fenced code blocks, lists, quotes, rules,
// and inline code, bold, italic and links. It builds a tree that Markdown.tsx turns into React elements, so nothing the
// model writes is ever interpreted as HTML. Text still streaming in parses too: an unclosed fence is a code block to
// the end.

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'code'; language: string; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'rule' };

const fence = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const bullet = /^ {0,3}[-*+]\s+(.*)$/;
const ordered = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const rule = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const quote = /^ {0,3}>\s?(.*)$/;

/** Parses <paramref name="source"/> into blocks. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const lineAt = (n: number): string => lines[n] ?? '';
  const blocks: Block[] = [];
  let paragraph: string[] = [];

  const flushParagraph = () => {
    if (paragraph.length > 0) {
      blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
      paragraph = [];
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lineAt(i);
    const opened = fence.exec(line);
    if (opened) {
      flushParagraph();
      const marker = opened[1] ?? '```';
      const body: string[] = [];
      i++;
      while (i < lines.length && !isClosingFence(lineAt(i), marker)) {
        body.push(lineAt(i));
        i++;
      }
      blocks.push({ type: 'code', language: opened[2] ?? '', text: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flushParagraph();
      continue;
    }
    if (rule.test(line)) {
      flushParagraph();
      blocks.push({ type: 'rule' });
      continue;
    }
    const title = heading.exec(line);
    if (title) {
      flushParagraph();
      blocks.push({ type: 'heading', level: (title[1] ?? '#').length as 1 | 2 | 3 | 4 | 5 | 6, children: parseInline(title[2] ?? '') });
      continue;
    }
    if (quote.test(line)) {
      flushParagraph();
      const quoted: string[] = [];
      while (i < lines.length && quote.test(lineAt(i))) {
        quoted.push(quote.exec(lineAt(i))?.[1] ?? '');
        i++;
      }
      i--;
      blocks.push({ type: 'quote', children: parseMarkdown(quoted.join('\n')) });
      continue;
    }
    const item = bullet.exec(line) ?? ordered.exec(line);
    if (item) {
      flushParagraph();
      const isOrdered = !bullet.test(line);
      const pattern = isOrdered ? ordered : bullet;
      const items: string[] = [];
      const start = isOrdered ? Number(item[1]) : 1;
      while (i < lines.length) {
        const next = pattern.exec(lineAt(i));
        if (next) {
          items.push((isOrdered ? next[2] : next[1]) ?? '');
        } else if (items.length > 0 && /^\s{2,}\S/.test(lineAt(i))) {
          items[items.length - 1] += `\n${lineAt(i).trim()}`; // a continuation line of the item
        } else {
          break;
        }
        i++;
      }
      i--;
      blocks.push({ type: 'list', ordered: isOrdered, start, items: items.map(parseInline) });
      continue;
    }
    paragraph.push(line);
  }
  flushParagraph();
  return blocks;
}

function isClosingFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= marker.length && trimmed[0] === marker[0] && [...trimmed].every((c) => c === marker[0]);
}

/** Parses inline markup: `code`, **bold**, *italic* / _italic_, [text](https://…). Anything unmatched stays text. */
export function parseInline(source: string): Inline[] {
  const result: Inline[] = [];
  let text = '';
  const pushText = () => {
    if (text) {
      result.push({ type: 'text', text });
      text = '';
    }
  };

  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === '\\' && i + 1 < source.length && /[\\`*_[\]()#>~-]/.test(source.charAt(i + 1))) {
      text += source.charAt(i + 1);
      i += 2;
      continue;
    }
    if (c === '`') {
      let ticks = 1;
      while (source[i + ticks] === '`') {
        ticks++;
      }
      const delimiter = '`'.repeat(ticks);
      const end = source.indexOf(delimiter, i + ticks);
      if (end > 0) {
        pushText();
        result.push({ type: 'code', text: source.slice(i + ticks, end).replace(/^ (.*) $/s, '$1') });
        i = end + ticks;
        continue;
      }
    }
    if ((c === '*' || c === '_') && source[i + 1] === c) {
      const end = source.indexOf(c + c, i + 2);
      if (end > i + 2) {
        pushText();
        result.push({ type: 'strong', children: parseInline(source.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && source[i + 1] !== c && source[i + 1] !== undefined && !/\s/.test(source.charAt(i + 1)) && !(c === '_' && /\w/.test(source[i - 1] ?? ''))) {
      const end = findEmphasisEnd(source, i + 1, c);
      if (end > 0) {
        pushText();
        result.push({ type: 'em', children: parseInline(source.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(source.slice(i));
      if (link?.[2] && isSafeHref(link[2])) {
        pushText();
        result.push({ type: 'link', href: link[2], children: parseInline(link[1] ?? '') });
        i += link[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  pushText();
  return result;
}

function findEmphasisEnd(source: string, from: number, marker: string): number {
  for (let j = from + 1; j < source.length; j++) {
    if (source[j] === marker && source[j + 1] !== marker && !/\s/.test(source.charAt(j - 1)) && !(marker === '_' && /\w/.test(source[j + 1] ?? ''))) {
      return j;
    }
  }
  return -1;
}

/** Only web and mail links become anchors: a javascript: or data: URL the model wrote stays text. */
export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(href);
}
