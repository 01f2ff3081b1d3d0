import { ChangeSet } from '@codemirror/state';

// When the server says this editor is too far behind, the editor reloads the document's text. Local edits the server
// has not confirmed are carried over: the difference between the old synced text and the reloaded one is taken as one
// change (common prefix and suffix kept), and the local edits are moved over it as collab moves them over remote ones.

/** One ChangeSet that turns `from` into `to`, replacing only what lies between their common prefix and suffix. */
export function diffChange(from: string, to: string): ChangeSet {
  const max = Math.min(from.length, to.length);
  let prefix = 0;
  while (prefix < max && from.charCodeAt(prefix) === to.charCodeAt(prefix)) {
    prefix++;
  }
  // Never split a surrogate pair.
  if (prefix > 0 && isHighSurrogate(from.charCodeAt(prefix - 1))) {
    prefix--;
  }
  let suffix = 0;
  while (suffix < max - prefix && from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(from.charCodeAt(from.length - suffix))) {
    suffix--;
  }
  if (prefix + suffix === from.length && prefix + suffix === to.length) {
    return ChangeSet.empty(from.length);
  }
  return ChangeSet.of(
    { from: prefix, to: from.length - suffix, insert: to.slice(prefix, to.length - suffix) },
    from.length,
  );
}

/**
 * The local edits `local` (made on `syncedBefore`) moved onto `reloaded`, the text the server now has; null when
 * there were none. Positions outside what changed on the server keep their place.
 */
export function rebaseOntoReload(syncedBefore: string, reloaded: string, local: ChangeSet | null): ChangeSet | null {
  if (!local || local.empty) {
    return null;
  }
  const server = diffChange(syncedBefore, reloaded);
  return local.map(server);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
