import { useCallback, useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { api, type UploadFile } from '../net/api';
import { hub } from '../net/hub';
import { isRefusal, untilAnswered } from '../net/hubError';
import type { FileEntry } from '../net/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { toast } from '../ui/toasts';
import { filesFromDrop, filesFromInput } from './droppedFiles';
import { NameInput } from './NameInput';
import { saveFile } from './saveFile';
import { DeleteIcon, DownloadIcon, NewFileIcon, NewFolderIcon, RefreshIcon, RenameIcon, UploadFolderIcon, UploadIcon } from './TreeIcons';
import { baseName, childPath, isWithin, movedPath, parentOf, targetFolder, uploadConflicts } from './treePaths';

interface FileTreeProps {
  workspaceId: string;
  /** The file open in the editor. */
  selected: string | undefined;
  onOpenFile: (path: string) => void;
  /** A file or folder was renamed: open tabs follow it. */
  onMoved: (from: string, to: string) => void;
  /** Changes when the tree should be listed again (the workspace started). */
  refreshKey: string;
  canWrite: boolean;
}

type Listing = { state: 'loading' } | { state: 'loaded'; entries: FileEntry[] } | { state: 'failed'; message: string };

/** An entry of the tree that actions apply to. */
interface Chosen {
  path: string;
  directory: boolean;
}

type Editing = { mode: 'file' | 'folder'; parent: string } | { mode: 'rename'; entry: Chosen };

type Asking = { kind: 'delete'; entry: Chosen } | { kind: 'replace'; folder: string; files: UploadFile[]; conflicts: string[] };

const readOnlyReason = 'Changing files needs write access to this workspace; you can read it only.';

function sortEntries(entries: FileEntry[]): FileEntry[] {
  return [...entries].sort((a, b) => {
    const dirA = a.kind === 'directory' ? 0 : 1;
    const dirB = b.kind === 'directory' ? 0 : 1;
    return dirA - dirB || a.name.localeCompare(b.name);
  });
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The workspace's files under /workspace: a directory is listed when it is first opened, and again when its entries
 * change on disk (filesChanged, pushed within a second). People with write access
 * create files and folders, rename (F2), delete (Delete, after asking) and upload files and folders (buttons, or a
 * drop onto the tree or a folder); anyone downloads a file, or a folder as zip.
 */
export function FileTree({ workspaceId, selected, onOpenFile, onMoved, refreshKey, canWrite }: FileTreeProps) {
  const [listings, setListings] = useState<ReadonlyMap<string, Listing>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [chosen, setChosen] = useState<Chosen>();
  const [editing, setEditing] = useState<Editing>();
  const [asking, setAsking] = useState<Asking>();
  const [dropFolder, setDropFolder] = useState<string>();
  const [uploading, setUploading] = useState<number>();
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const list = useCallback(
    async (path: string) => {
      // A directory shown already keeps its entries until the new ones arrive: listing again never flashes "Loading".
      setListings((current) => (current.get(path)?.state === 'loaded' ? current : new Map(current).set(path, { state: 'loading' })));
      let listing: Listing;
      try {
        listing = { state: 'loaded', entries: sortEntries(await api.workspaces.files(workspaceId, path)) };
      } catch (error) {
        listing = { state: 'failed', message: error instanceof Error ? error.message : String(error) };
      }
      setListings((current) => new Map(current).set(path, listing));
    },
    [workspaceId],
  );

  // List the root, and every open directory again, when the workspace (re)starts or on "Refresh"; opening a
  // directory lists it in toggle(), so `expanded` is read here but is no reason to re-list.
  const [reloads, setReloads] = useState(0);
  const expandedNow = useRef(expanded);
  expandedNow.current = expanded;
  useEffect(() => {
    void list('');
    for (const path of expandedNow.current) {
      void list(path);
    }
  }, [list, refreshKey, reloads]);

  // Directories changed on disk (in a terminal, by the agent, by another member) are listed again where they are
  // shown, in place: expansion and the chosen entry stay. After a reconnect everything shown is listed again.
  const listingsNow = useRef(listings);
  listingsNow.current = listings;
  useEffect(() => {
    const offChanged = hub.on('filesChanged', (event) => {
      if (event.workspaceId !== workspaceId) {
        return;
      }
      for (const directory of event.directories) {
        if (listingsNow.current.has(directory)) {
          void list(directory);
        }
      }
    });
    // A refusal (too many watching calls) stands until the page is opened again: say so. Other failures are tried again
    // while connected (a reconnect watches again anyway); a watch that needed tries lists everything shown again, as
    // changes made before it started were missed.
    let watching = true;
    const watch = () => {
      let tries = 0;
      const tryWatch = () => {
        tries++;
        return hub.files.watch(workspaceId);
      };
      return untilAnswered(tryWatch, () => watching && hub.state() === 'connected').then(
        () => watching && tries > 1 && setReloads((n) => n + 1),
        (error: Error) => isRefusal(error) && toast.error(`The file tree is not following changes: ${error.message}`),
      );
    };
    void watch();
    const offReconnected = hub.onReconnected(() => {
      void watch();
      setReloads((n) => n + 1);
    });
    return () => {
      watching = false;
      offChanged();
      offReconnected();
      void hub.files.unwatch(workspaceId).catch(() => undefined);
    };
  }, [workspaceId, list]);

  // The file opened in the editor is what actions apply to, until another entry is chosen.
  useEffect(() => {
    if (selected !== undefined) {
      setChosen({ path: selected, directory: false });
    }
  }, [selected]);

  // React has no prop for the folder picker's attribute.
  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  /** Lists `folder` again, and every open folder under it. */
  function relist(folder: string) {
    void list(folder);
    for (const path of expanded) {
      if (folder === '' || isWithin(path, folder)) {
        void list(path);
      }
    }
  }

  function expand(path: string) {
    if (path && !expanded.has(path)) {
      setExpanded((current) => new Set(current).add(path));
    }
  }

  function toggle(path: string) {
    const next = new Set(expanded);
    if (next.has(path)) {
      next.delete(path);
    } else {
      next.add(path);
      if (!listings.has(path) || listings.get(path)?.state === 'failed') {
        void list(path);
      }
    }
    setExpanded(next);
  }

  function choose(entry: Chosen) {
    setChosen(entry);
    if (entry.directory) {
      toggle(entry.path);
    } else {
      onOpenFile(entry.path);
    }
  }

  function refuseReadOnly(): boolean {
    if (!canWrite) {
      toast.error(readOnlyReason);
    }
    return !canWrite;
  }

  function startNew(mode: 'file' | 'folder') {
    const parent = targetFolder(chosen);
    expand(parent);
    if (parent && !listings.has(parent)) {
      void list(parent);
    }
    setEditing({ mode, parent });
  }

  async function create(parent: string, name: string, mode: 'file' | 'folder') {
    const path = childPath(parent, name);
    await api.workspaces.createFile(workspaceId, path, mode === 'file' ? 'file' : 'directory');
    setEditing(undefined);
    void list(parent);
    if (mode === 'file') {
      setChosen({ path, directory: false });
      onOpenFile(path);
    } else {
      setChosen({ path, directory: true });
      setExpanded((current) => new Set(current).add(path));
      void list(path);
    }
  }

  async function rename(entry: Chosen, name: string) {
    const to = childPath(parentOf(entry.path), name);
    if (to !== entry.path) {
      await api.workspaces.moveFile(workspaceId, entry.path, to);
      const movedOpen = [...expanded].filter((path) => isWithin(path, entry.path)).map((path) => movedPath(path, entry.path, to));
      setExpanded((current) => new Set([...current].map((path) => movedPath(path, entry.path, to))));
      void list(parentOf(entry.path));
      if (parentOf(to) !== parentOf(entry.path)) {
        void list(parentOf(to));
      }
      for (const path of movedOpen) {
        void list(path);
      }
      setChosen({ path: to, directory: entry.directory });
      onMoved(entry.path, to);
    }
    setEditing(undefined);
  }

  async function remove(entry: Chosen) {
    await api.workspaces.deleteFile(workspaceId, entry.path);
    setExpanded((current) => new Set([...current].filter((path) => !isWithin(path, entry.path))));
    if (chosen && isWithin(chosen.path, entry.path)) {
      setChosen(undefined);
    }
    void list(parentOf(entry.path));
  }

  async function download(entry: Chosen) {
    try {
      if (entry.directory) {
        const archive = await api.workspaces.archive(workspaceId, entry.path);
        saveFile(archive.bytes, `${baseName(entry.path)}.zip`, 'application/zip');
      } else {
        const file = await api.workspaces.fileContent(workspaceId, entry.path);
        saveFile(file.bytes, baseName(entry.path), file.contentType);
      }
    } catch (error) {
      toast.error(error);
    }
  }

  /** Uploads after asking when it would replace what is in the folder (as far as the tree has listed it). */
  function offerUpload(folder: string, files: UploadFile[]) {
    if (files.length === 0 || refuseReadOnly()) {
      return;
    }
    const listing = listings.get(folder);
    const existing = listing?.state === 'loaded' ? listing.entries.map((e) => e.name) : [];
    const conflicts = uploadConflicts(existing, files.map((f) => f.path));
    if (conflicts.length > 0) {
      setAsking({ kind: 'replace', folder, files, conflicts });
    } else {
      void upload(folder, files).catch(toast.error);
    }
  }

  async function upload(folder: string, files: UploadFile[]) {
    setUploading(files.length);
    try {
      await api.workspaces.uploadFiles(workspaceId, folder, files);
      toast.info(`Uploaded ${plural(files.length, 'file', 'files')} to ${folder ? folder : 'the workspace'}.`);
      expand(folder);
      relist(folder);
    } finally {
      setUploading(undefined);
    }
  }

  function onEntryKey(event: KeyboardEvent, entry: Chosen) {
    if (event.key === 'F2') {
      event.preventDefault();
      if (!refuseReadOnly()) {
        setChosen(entry);
        setEditing({ mode: 'rename', entry });
      }
    } else if (event.key === 'Delete') {
      event.preventDefault();
      if (!refuseReadOnly()) {
        setChosen(entry);
        setAsking({ kind: 'delete', entry });
      }
    }
  }

  function onDragOver(event: DragEvent) {
    if (!event.dataTransfer.types.includes('Files')) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = canWrite ? 'copy' : 'none';
    setDropFolder(folderUnder(event));
  }

  function onDragLeave(event: DragEvent) {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) {
      setDropFolder(undefined);
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    const folder = folderUnder(event);
    setDropFolder(undefined);
    // The items are read before the first await: the browser empties them when this handler returns.
    void filesFromDrop(event.dataTransfer.items)
      .then((files) => offerUpload(folder, files))
      .catch(toast.error);
  }

  function onPicked(input: HTMLInputElement) {
    const files = filesFromInput(input.files ?? []);
    input.value = '';
    offerUpload(targetFolder(chosen), files);
  }

  function newEntryInput(parent: string, depth: number) {
    if (editing?.mode !== 'file' && editing?.mode !== 'folder') {
      return null;
    }
    if (editing.parent !== parent) {
      return null;
    }
    const mode = editing.mode;
    return (
      <li className="tree-editing" style={{ paddingLeft: indent(depth) }}>
        <span className={mode === 'folder' ? 'tree-icon tree-icon-dir' : 'tree-icon tree-icon-file'} aria-hidden="true" />
        <NameInput
          label={mode === 'folder' ? `New folder in ${parent || 'the workspace'}` : `New file in ${parent || 'the workspace'}`}
          initial=""
          onSubmit={(name) => create(parent, name, mode)}
          onCancel={() => setEditing(undefined)}
        />
      </li>
    );
  }

  function renderDirectory(path: string, depth: number) {
    const listing = listings.get(path);
    const adding = newEntryInput(path, depth);
    if (!listing || listing.state === 'loading') {
      return (
        <>
          {adding}
          <li className="tree-note" style={{ paddingLeft: indent(depth) }}>
            Loading…
          </li>
        </>
      );
    }
    if (listing.state === 'failed') {
      return (
        <li className="tree-note tree-error" style={{ paddingLeft: indent(depth) }} data-testid="file-tree-error">
          {listing.message}
        </li>
      );
    }
    if (listing.entries.length === 0) {
      return (
        adding ?? (
          <li className="tree-note" style={{ paddingLeft: indent(depth) }}>
            Empty
          </li>
        )
      );
    }
    return (
      <>
        {adding}
        {listing.entries.map((entry) => {
          const entryPath = childPath(path, entry.name);
          const directory = entry.kind === 'directory';
          const open = directory && expanded.has(entryPath);
          const item: Chosen = { path: entryPath, directory };
          const isChosen = chosen?.path === entryPath;
          const renaming = editing?.mode === 'rename' && editing.entry.path === entryPath;
          return (
            <li
              key={entryPath}
              role="treeitem"
              aria-expanded={directory ? open : undefined}
              aria-selected={isChosen}
              className={dropFolder === entryPath && directory ? 'tree-item tree-drop' : 'tree-item'}
              data-drop-folder={directory ? entryPath : path}
            >
              {renaming ? (
                <div className="tree-editing" style={{ paddingLeft: indent(depth) }}>
                  <span className={directory ? 'tree-icon tree-icon-dir' : 'tree-icon tree-icon-file'} aria-hidden="true" />
                  <NameInput
                    label={`Rename ${entryPath}`}
                    initial={entry.name}
                    onSubmit={(name) => rename(item, name)}
                    onCancel={() => setEditing(undefined)}
                  />
                </div>
              ) : (
                <div className={isChosen ? 'tree-row tree-row-chosen' : 'tree-row'}>
                  <button
                    type="button"
                    className={selected === entryPath || isChosen ? 'tree-entry tree-entry-selected' : 'tree-entry'}
                    style={{ paddingLeft: indent(depth) }}
                    onClick={() => choose(item)}
                    onKeyDown={(event) => onEntryKey(event, item)}
                    title={entryPath}
                    data-testid="file-entry"
                    data-path={entryPath}
                    data-kind={entry.kind}
                  >
                    <span className={directory ? (open ? 'tree-icon tree-icon-open' : 'tree-icon tree-icon-dir') : 'tree-icon tree-icon-file'} aria-hidden="true" />
                    <span className="tree-name">{entry.name}</span>
                    {entry.kind === 'symlink' ? <span className="tree-tag">link</span> : null}
                  </button>
                  <span className="tree-actions">
                    {entry.kind === 'file' || directory ? (
                      <button
                        type="button"
                        className="tree-action"
                        title={directory ? `Download ${entry.name} as zip` : `Download ${entry.name}`}
                        aria-label={directory ? `Download ${entryPath} as zip` : `Download ${entryPath}`}
                        onClick={() => void download(item)}
                        data-testid="file-action-download"
                      >
                        <DownloadIcon />
                      </button>
                    ) : null}
                    {canWrite ? (
                      <>
                        <button
                          type="button"
                          className="tree-action"
                          title="Rename (F2)"
                          aria-label={`Rename ${entryPath}`}
                          onClick={() => {
                            setChosen(item);
                            setEditing({ mode: 'rename', entry: item });
                          }}
                          data-testid="file-action-rename"
                        >
                          <RenameIcon />
                        </button>
                        <button
                          type="button"
                          className="tree-action tree-action-danger"
                          title="Delete (Delete key)"
                          aria-label={`Delete ${entryPath}`}
                          onClick={() => {
                            setChosen(item);
                            setAsking({ kind: 'delete', entry: item });
                          }}
                          data-testid="file-action-delete"
                        >
                          <DeleteIcon />
                        </button>
                      </>
                    ) : null}
                  </span>
                </div>
              )}
              {open ? <ul role="group">{renderDirectory(entryPath, depth + 1)}</ul> : null}
            </li>
          );
        })}
      </>
    );
  }

  const why = (action: string) => (canWrite ? action : readOnlyReason);
  return (
    <div
      className={dropFolder === '' ? 'file-tree tree-drop' : 'file-tree'}
      data-testid="file-tree"
      data-drop-folder=""
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <div className="panel-title">
        <span>Files</span>
        <div className="tree-toolbar">
          <button type="button" className="tree-tool" title={why('New file')} aria-label="New file" disabled={!canWrite} onClick={() => startNew('file')} data-testid="file-new">
            <NewFileIcon />
          </button>
          <button type="button" className="tree-tool" title={why('New folder')} aria-label="New folder" disabled={!canWrite} onClick={() => startNew('folder')} data-testid="file-new-folder">
            <NewFolderIcon />
          </button>
          <button
            type="button"
            className="tree-tool"
            title={why('Upload files (or drop them here)')}
            aria-label="Upload files"
            disabled={!canWrite || uploading !== undefined}
            onClick={() => fileInput.current?.click()}
            data-testid="file-upload"
          >
            <UploadIcon />
          </button>
          <button
            type="button"
            className="tree-tool"
            title={why('Upload a folder (or drop it here)')}
            aria-label="Upload a folder"
            disabled={!canWrite || uploading !== undefined}
            onClick={() => folderInput.current?.click()}
            data-testid="file-upload-folder"
          >
            <UploadFolderIcon />
          </button>
          <button type="button" className="tree-tool" title="Refresh" aria-label="Refresh files" onClick={() => setReloads((n) => n + 1)} data-testid="file-tree-refresh">
            <RefreshIcon />
          </button>
        </div>
        <input ref={fileInput} type="file" multiple hidden onChange={(event) => onPicked(event.currentTarget)} data-testid="file-upload-input" />
        <input ref={folderInput} type="file" hidden onChange={(event) => onPicked(event.currentTarget)} data-testid="file-upload-folder-input" />
      </div>
      {uploading !== undefined ? (
        <div className="tree-progress" role="status" data-testid="file-uploading">
          Uploading {plural(uploading, 'file', 'files')}…
        </div>
      ) : null}
      <ul className="tree" role="tree" aria-label="Files">
        {renderDirectory('', 0)}
      </ul>
      {asking?.kind === 'delete' ? (
        <ConfirmDialog
          title={asking.entry.directory ? 'Delete folder?' : 'Delete file?'}
          confirmLabel="Delete"
          onConfirm={() => remove(asking.entry)}
          onClose={() => setAsking(undefined)}
        >
          <p>
            <strong>{asking.entry.path}</strong>
            {asking.entry.directory ? ' and everything in it will be deleted' : ' will be deleted'} from the workspace. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
      {asking?.kind === 'replace' ? (
        <ConfirmDialog
          title="Replace existing files?"
          confirmLabel="Upload and replace"
          onConfirm={() => upload(asking.folder, asking.files)}
          onClose={() => setAsking(undefined)}
        >
          <p>
            {asking.conflicts.join(', ')} {asking.conflicts.length === 1 ? 'is' : 'are'} in {asking.folder || 'the workspace'} already. Uploaded files
            replace files with the same name; other files stay.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/** The folder a drag is over: the folder row under the pointer, the folder of a file row, else the root. */
function folderUnder(event: DragEvent): string {
  return (event.target as HTMLElement).closest<HTMLElement>('[data-drop-folder]')?.dataset.dropFolder ?? '';
}

function indent(depth: number): string {
  return `${10 + depth * 14}px`;
}
