import { describe, expect, it } from 'vitest';
import { languageIdFor, languageLabel } from './languages';

describe('languageIdFor', () => {
  it('picks the language by extension, in any case', () => {
    expect(languageIdFor('src/app.ts')).toBe('typescript');
    expect(languageIdFor('src/App.TSX')).toBe('tsx');
    expect(languageIdFor('main.py')).toBe('python');
    expect(languageIdFor('docs/README.md')).toBe('markdown');
    expect(languageIdFor('site/index.html')).toBe('html');
    expect(languageIdFor('styles/site.css')).toBe('css');
    expect(languageIdFor('config.yml')).toBe('yaml');
    expect(languageIdFor('lib.rs')).toBe('rust');
    expect(languageIdFor('x/y/z.c')).toBe('cpp');
  });

  it('uses the extension of the last dot only', () => {
    expect(languageIdFor('archive.tar.json')).toBe('json');
    expect(languageIdFor('dir.py/notes.txt')).toBeUndefined();
  });

  it('is plain text for dotfiles, no extension and unknown extensions', () => {
    expect(languageIdFor('.gitignore')).toBeUndefined();
    expect(languageIdFor('Makefile')).toBeUndefined();
    expect(languageIdFor('notes.')).toBeUndefined();
    expect(languageIdFor('data.bin')).toBeUndefined();
  });

  it('knows some files by name', () => {
    expect(languageIdFor('.eslintrc')).toBe('json');
  });

  it('labels every language', () => {
    expect(languageLabel(undefined)).toBe('Plain text');
    expect(languageLabel('cpp')).toBe('C/C++');
  });
});
