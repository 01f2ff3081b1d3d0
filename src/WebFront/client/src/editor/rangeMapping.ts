import { ChangeSet, type ChangeDesc, type Text } from '@codemirror/state';
import type { DocumentSelectionRange } from '../net/types';

/** `ranges` moved through `steps` (changes in order), then clamped to a document of `length`. */
export function mapRanges(
  ranges: readonly DocumentSelectionRange[],
  steps: readonly ChangeDesc[],
  length: number,
): DocumentSelectionRange[] {
  return ranges.map(({ anchor, head }) => {
    let a = anchor;
    let h = head;
    for (const step of steps) {
      const clampedA = Math.min(Math.max(0, a), step.length);
      const clampedH = Math.min(Math.max(0, h), step.length);
      a = step.mapPos(clampedA, 1);
      h = step.mapPos(clampedH, 1);
    }
    return { anchor: clamp(a, length), head: clamp(h, length) };
  });
}

function clamp(position: number, length: number): number {
  return Math.min(Math.max(0, Number.isFinite(position) ? Math.trunc(position) : 0), length);
}

/** The local changes not yet confirmed, as one ChangeSet from the synced document to the editor's; null when none. */
export function composePending(pending: readonly { changes: ChangeSet }[]): ChangeSet | null {
  let composed: ChangeSet | null = null;
  for (const update of pending) {
    composed = composed ? composed.compose(update.changes) : update.changes;
  }
  return composed;
}

/** The synced document's text: the editor's `doc` with the unconfirmed local changes undone. */
export function syncedText(doc: Text, pending: ChangeSet | null): string {
  return pending ? pending.invert(doc).apply(doc).toString() : doc.toString();
}
