// The syntax a file is highlighted with, chosen by its name. Pure (no CodeMirror import) so it is cheap to test;
// languageSupport.ts turns the id into the CodeMirror extension.

export type LanguageId =
  | 'javascript'
  | 'jsx'
  | 'typescript'
  | 'tsx'
  | 'json'
  | 'python'
  | 'html'
  | 'css'
  | 'markdown'
  | 'yaml'
  | 'xml'
  | 'rust'
  | 'go'
  | 'java'
  | 'cpp'
  | 'sql';

const byExtension: Readonly<Record<string, LanguageId>> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'jsx',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  json: 'json',
  jsonc: 'json',
  py: 'python',
  pyi: 'python',
  html: 'html',
  htm: 'html',
  css: 'css',
  md: 'markdown',
  markdown: 'markdown',
  yml: 'yaml',
  yaml: 'yaml',
  xml: 'xml',
  svg: 'xml',
  csproj: 'xml',
  props: 'xml',
  targets: 'xml',
  rs: 'rust',
  go: 'go',
  java: 'java',
  c: 'cpp',
  h: 'cpp',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  sql: 'sql',
};

const byName: Readonly<Record<string, LanguageId>> = {
  'package.json': 'json',
  'tsconfig.json': 'json',
  '.babelrc': 'json',
  '.eslintrc': 'json',
};

/** The language of `path` (a workspace-relative path), or undefined for plain text. */
export function languageIdFor(path: string): LanguageId | undefined {
  const name = (path.split('/').pop() ?? '').toLowerCase();
  const named = byName[name];
  if (named) {
    return named;
  }
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) {
    return undefined;
  }
  return byExtension[name.slice(dot + 1)];
}

/** The name shown in the editor's status line. */
export function languageLabel(id: LanguageId | undefined): string {
  switch (id) {
    case undefined:
      return 'Plain text';
    case 'javascript':
      return 'JavaScript';
    case 'jsx':
      return 'JavaScript (JSX)';
    case 'typescript':
      return 'TypeScript';
    case 'tsx':
      return 'TypeScript (TSX)';
    case 'json':
      return 'JSON';
    case 'python':
      return 'Python';
    case 'html':
      return 'HTML';
    case 'css':
      return 'CSS';
    case 'markdown':
      return 'Markdown';
    case 'yaml':
      return 'YAML';
    case 'xml':
      return 'XML';
    case 'rust':
      return 'Rust';
    case 'go':
      return 'Go';
    case 'java':
      return 'Java';
    case 'cpp':
      return 'C/C++';
    case 'sql':
      return 'SQL';
  }
}
