// The files of an upload with the path each goes to: from a file input (files, or a folder with webkitdirectory) or
// from a drop, where folders are walked through the File System entries API.
import type { UploadFile } from '../net/api';

/** Files chosen in an <input type="file">: a folder's files carry their path from the folder chosen ("photos/2024/a.jpg"). */
export function filesFromInput(files: Iterable<File>): UploadFile[] {
  return [...files].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

/** Files and folders dropped from the desktop, each file with its path from the dropped item. */
export async function filesFromDrop(items: Iterable<DataTransferItem>): Promise<UploadFile[]> {
  // Entries must be taken while the drop event is handled: the list is emptied when the handler returns.
  const entries: FileSystemEntry[] = [];
  const plainFiles: File[] = [];
  for (const item of items) {
    if (item.kind !== 'file') {
      continue;
    }
    const entry = item.webkitGetAsEntry?.();
    if (entry) {
      entries.push(entry);
    } else {
      const file = item.getAsFile();
      if (file) {
        plainFiles.push(file);
      }
    }
  }
  const collected: UploadFile[] = plainFiles.map((file) => ({ path: file.name, file }));
  for (const entry of entries) {
    await walk(entry, '', collected);
  }
  return collected;
}

async function walk(entry: FileSystemEntry, prefix: string, into: UploadFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (isFile(entry)) {
    into.push({ path, file: await new Promise<File>((resolve, reject) => entry.file(resolve, reject)) });
  } else if (isDirectory(entry)) {
    for (const child of await readAll(entry.createReader())) {
      await walk(child, path, into);
    }
  }
}

/** A directory reader hands out its entries in batches until it returns none. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) {
      return all;
    }
    all.push(...batch);
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}
