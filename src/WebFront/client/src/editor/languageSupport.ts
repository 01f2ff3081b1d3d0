import { LanguageSupport } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import type { LanguageId } from './languages';

/**
 * Loads the CodeMirror language support (parser and highlighting) for a language id; none for plain text. Each
 * language is a separate chunk, fetched the first time a file of that language is opened. Tags are not closed as they
 * are typed: with that on, typing `<p>x</p>` gave `<p>x</p></p>`, and what people type should be what they get.
 */
export async function loadLanguageSupport(id: LanguageId | undefined): Promise<Extension> {
  switch (id) {
    case undefined:
      return [];
    case 'javascript':
      return (await import('@codemirror/lang-javascript')).javascript();
    case 'jsx':
      return withoutTagClosing(await import('@codemirror/lang-javascript'), false);
    case 'typescript':
      return (await import('@codemirror/lang-javascript')).javascript({ typescript: true });
    case 'tsx':
      return withoutTagClosing(await import('@codemirror/lang-javascript'), true);
    case 'json':
      return (await import('@codemirror/lang-json')).json();
    case 'python':
      return (await import('@codemirror/lang-python')).python();
    case 'html':
      return (await import('@codemirror/lang-html')).html({ autoCloseTags: false });
    case 'css':
      return (await import('@codemirror/lang-css')).css();
    case 'markdown':
      return (await import('@codemirror/lang-markdown')).markdown();
    case 'yaml':
      return (await import('@codemirror/lang-yaml')).yaml();
    case 'xml':
      return (await import('@codemirror/lang-xml')).xml({ autoCloseTags: false });
    case 'rust':
      return (await import('@codemirror/lang-rust')).rust();
    case 'go':
      return (await import('@codemirror/lang-go')).go();
    case 'java':
      return (await import('@codemirror/lang-java')).java();
    case 'cpp':
      return (await import('@codemirror/lang-cpp')).cpp();
    case 'sql':
      return (await import('@codemirror/lang-sql')).sql();
  }
}

/** JSX support has no option to leave tags alone: take its extensions without the one that closes tags. */
function withoutTagClosing(lang: typeof import('@codemirror/lang-javascript'), typescript: boolean): LanguageSupport {
  const full = lang.javascript({ jsx: true, typescript });
  const support = Array.isArray(full.support) ? full.support.filter((extension) => extension !== lang.autoCloseTags) : full.support;
  return new LanguageSupport(full.language, support);
}
