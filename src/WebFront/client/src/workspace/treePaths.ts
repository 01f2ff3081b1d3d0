// Paths in the file tree: relative to /workspace, '/'-separated, '' for the root.

export function childPath(parent: string, name: string): string {
  return parent ? `${parent}/${name}` : name;
}

export function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Where new files, folders and uploads go: into the chosen folder, beside the chosen file, else the root. */
export function targetFolder(chosen: { path: string; directory: boolean } | undefined): string {
  if (!chosen) {
    return '';
  }
  return chosen.directory ? chosen.path : parentOf(chosen.path);
}

/** `path` after `from` was renamed to `to`: itself or anything under it moves along; other paths stay. */
export function movedPath(path: string, from: string, to: string): string {
  if (path === from) {
    return to;
  }
  return path.startsWith(`${from}/`) ? `${to}${path.slice(from.length)}` : path;
}

/** Whether `path` is `ancestor` or lies under it. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** What is wrong with a name typed for a new or renamed entry, in words for the person typing; undefined when it may be sent. */
export function nameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) {
    return 'Type a name.';
  }
  if (trimmed.startsWith('/')) {
    return 'Give a name inside this folder, not a path from the root.';
  }
  if (trimmed.split('/').some((segment) => segment === '..')) {
    return "A name cannot contain '..'.";
  }
  return undefined;
}

/** The entries of a folder that an upload of `paths` into it would replace or merge into (by their first segment). */
export function uploadConflicts(existing: readonly string[], paths: readonly string[]): string[] {
  const names = new Set(existing);
  const hit = new Set<string>();
  for (const path of paths) {
    const top = path.split('/')[0]!;
    if (names.has(top)) {
      hit.add(top);
    }
  }
  return [...hit].sort();
}
