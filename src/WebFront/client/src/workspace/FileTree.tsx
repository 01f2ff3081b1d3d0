import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../net/api';
import type { FileEntry } from '../net/types';

interface FileTreeProps {
  workspaceId: string;
  selected: string | undefined;
  onOpenFile: (path: string) => void;
  /** Changes when the tree should be listed again (the workspace started). */
  refreshKey: string;
}

type Listing = { state: 'loading' } | { state: 'loaded'; entries: FileEntry[] } | { state: 'failed'; message: string };

function childPath(parent: string, name: string): string {
  return parent ? `${parent}/${name}` : name;
}

function sortEntries(entries: FileEntry[]): FileEntry[] {
  return [...entries].sort((a, b) => {
    const dirA = a.kind === 'Directory' ? 0 : 1;
    const dirB = b.kind === 'Directory' ? 0 : 1;
    return dirA - dirB || a.name.localeCompare(b.name);
  });
}

/** The workspace's files under /workspace; a directory is listed when it is first opened. */
export function FileTree({ workspaceId, selected, onOpenFile, refreshKey }: FileTreeProps) {
  const [listings, setListings] = useState<ReadonlyMap<string, Listing>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const list = useCallback(
    async (path: string) => {
      setListings((current) => new Map(current).set(path, { state: 'loading' }));
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

  function renderDirectory(path: string, depth: number) {
    const listing = listings.get(path);
    if (!listing || listing.state === 'loading') {
      return (
        <li className="tree-note" style={{ paddingLeft: indent(depth) }}>
          Loading…
        </li>
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
        <li className="tree-note" style={{ paddingLeft: indent(depth) }}>
          Empty
        </li>
      );
    }
    return listing.entries.map((entry) => {
      const entryPath = childPath(path, entry.name);
      const directory = entry.kind === 'Directory';
      const open = directory && expanded.has(entryPath);
      return (
        <li key={entryPath} role="treeitem" aria-expanded={directory ? open : undefined} aria-selected={selected === entryPath}>
          <button
            type="button"
            className={selected === entryPath ? 'tree-entry tree-entry-selected' : 'tree-entry'}
            style={{ paddingLeft: indent(depth) }}
            onClick={() => (directory ? toggle(entryPath) : onOpenFile(entryPath))}
            title={entryPath}
            data-testid="file-entry"
            data-path={entryPath}
            data-kind={entry.kind}
          >
            <span className={directory ? (open ? 'tree-icon tree-icon-open' : 'tree-icon tree-icon-dir') : 'tree-icon tree-icon-file'} aria-hidden="true" />
            <span className="tree-name">{entry.name}</span>
            {entry.kind === 'Symlink' ? <span className="tree-tag">link</span> : null}
          </button>
          {open ? <ul role="group">{renderDirectory(entryPath, depth + 1)}</ul> : null}
        </li>
      );
    });
  }

  return (
    <div className="file-tree" data-testid="file-tree">
      <div className="panel-title">
        <span>Files</span>
        <button type="button" className="icon-button" title="Refresh" aria-label="Refresh files" onClick={() => setReloads((n) => n + 1)} data-testid="file-tree-refresh">
          ↻
        </button>
      </div>
      <ul className="tree" role="tree" aria-label="Files">
        {renderDirectory('', 0)}
      </ul>
    </div>
  );
}

function indent(depth: number): string {
  return `${10 + depth * 14}px`;
}
