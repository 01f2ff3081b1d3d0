import { describe, expect, it } from 'vitest';
import { baseName, childPath, isWithin, movedPath, nameProblem, parentOf, targetFolder, uploadConflicts } from './treePaths';

describe('tree paths', () => {
  it('joins and splits paths relative to the root', () => {
    expect(childPath('', 'a.txt')).toBe('a.txt');
    expect(childPath('src/lib', 'a.txt')).toBe('src/lib/a.txt');
    expect(parentOf('src/lib/a.txt')).toBe('src/lib');
    expect(parentOf('a.txt')).toBe('');
    expect(baseName('src/lib/a.txt')).toBe('a.txt');
  });

  it('puts new entries into a chosen folder, beside a chosen file, or at the root', () => {
    expect(targetFolder({ path: 'src', directory: true })).toBe('src');
    expect(targetFolder({ path: 'src/app.js', directory: false })).toBe('src');
    expect(targetFolder({ path: 'readme.md', directory: false })).toBe('');
    expect(targetFolder(undefined)).toBe('');
  });

  it('moves paths under a renamed folder along, and no others', () => {
    expect(movedPath('src', 'src', 'lib')).toBe('lib');
    expect(movedPath('src/a/b.js', 'src', 'lib')).toBe('lib/a/b.js');
    expect(movedPath('srcs/b.js', 'src', 'lib')).toBe('srcs/b.js');
    expect(isWithin('src/a', 'src')).toBe(true);
    expect(isWithin('srcs', 'src')).toBe(false);
  });

  it('says what is wrong with a typed name before anything is sent', () => {
    expect(nameProblem('  ')).toBe('Type a name.');
    expect(nameProblem('/etc/passwd')).toBe('Give a name inside this folder, not a path from the root.');
    expect(nameProblem('../up.txt')).toBe("A name cannot contain '..'.");
    expect(nameProblem('docs/new.md')).toBeUndefined();
  });

  it('finds the entries an upload would replace, by their first segment', () => {
    expect(uploadConflicts(['src', 'readme.md'], ['src/app.js', 'src/lib/x.js', 'notes.txt', 'readme.md'])).toEqual(['readme.md', 'src']);
    expect(uploadConflicts(['src'], ['new.txt'])).toEqual([]);
  });
});
