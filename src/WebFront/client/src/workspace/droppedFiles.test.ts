import { describe, expect, it } from 'vitest';
import { filesFromDrop, filesFromInput } from './droppedFiles';

function fileEntry(name: string, text: string): FileSystemFileEntry {
  return { name, isFile: true, isDirectory: false, file: (resolve: (file: File) => void) => resolve(new File([text], name)) } as unknown as FileSystemFileEntry;
}

/** A folder whose reader hands out its children two at a time, as browsers do in batches. */
function folderEntry(name: string, children: FileSystemEntry[]): FileSystemDirectoryEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let next = 0;
      return {
        readEntries: (resolve: (entries: FileSystemEntry[]) => void) => {
          resolve(children.slice(next, next + 2));
          next += 2;
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

function dropped(entry: FileSystemEntry): DataTransferItem {
  return { kind: 'file', webkitGetAsEntry: () => entry, getAsFile: () => null } as unknown as DataTransferItem;
}

describe('dropped files', () => {
  it('walks dropped folders, every batch of them, and keeps each file’s path from the dropped item', async () => {
    const site = folderEntry('site', [
      fileEntry('index.html', '<p>hi</p>'),
      folderEntry('css', [fileEntry('a.css', 'a'), fileEntry('b.css', 'b'), fileEntry('c.css', 'c')]),
      fileEntry('robots.txt', ''),
    ]);
    const files = await filesFromDrop([dropped(site), dropped(fileEntry('notes.md', '# notes'))]);
    expect(files.map((f) => f.path)).toEqual(['site/index.html', 'site/css/a.css', 'site/css/b.css', 'site/css/c.css', 'site/robots.txt', 'notes.md']);
    expect(await files[0]!.file.text()).toBe('<p>hi</p>');
  });

  it('ignores dragged text, and takes files without entries by their name', async () => {
    const text = { kind: 'string' } as unknown as DataTransferItem;
    const plain = { kind: 'file', getAsFile: () => new File(['x'], 'plain.txt') } as unknown as DataTransferItem;
    expect((await filesFromDrop([text, plain])).map((f) => f.path)).toEqual(['plain.txt']);
  });

  it('keeps the folder path of files chosen with a folder picker', () => {
    const inFolder = new File(['x'], 'a.jpg');
    Object.defineProperty(inFolder, 'webkitRelativePath', { value: 'photos/2024/a.jpg' });
    const alone = new File(['y'], 'b.txt');
    expect(filesFromInput([inFolder, alone]).map((f) => f.path)).toEqual(['photos/2024/a.jpg', 'b.txt']);
  });
});
