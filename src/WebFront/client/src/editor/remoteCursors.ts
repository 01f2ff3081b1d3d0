import { StateEffect, StateField, type EditorState, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import type { DocumentSelectionRange } from '../net/types';
import { cursorLabel, selectionTint } from './presenceFormat';

/** Someone else's cursors, in positions of this editor's document. */
export interface RemoteCursor {
  clientID: string;
  name: string;
  color: string;
  ranges: DocumentSelectionRange[];
}

/** Sets (adds or replaces) one client's cursors; its ranges must be positions in the document of the transaction's start. */
export const setRemoteCursor = StateEffect.define<RemoteCursor>();

/** Removes one client's cursors (they closed the document). */
export const removeRemoteCursor = StateEffect.define<string>();

/** Removes everyone's cursors (the document was reloaded). */
export const clearRemoteCursors = StateEffect.define<null>();

/**
 * The cursors of the others in this document, moved through every change (local typing and remote updates alike) so
 * they stay on the text they were on until the next presence event replaces them.
 */
export const remoteCursors = StateField.define<readonly RemoteCursor[]>({
  create: () => [],
  update(cursors, tr) {
    let next = cursors;
    if (tr.docChanged) {
      next = next.map((cursor) => ({
        ...cursor,
        ranges: cursor.ranges.map(({ anchor, head }) => ({
          anchor: tr.changes.mapPos(anchor, 1),
          head: tr.changes.mapPos(head, 1),
        })),
      }));
    }
    for (const effect of tr.effects) {
      if (effect.is(clearRemoteCursors)) {
        next = [];
      } else if (effect.is(removeRemoteCursor)) {
        next = next.filter((cursor) => cursor.clientID !== effect.value);
      } else if (effect.is(setRemoteCursor)) {
        const length = tr.state.doc.length;
        // Given in the start document's positions: map them through this transaction's changes too.
        const value = {
          ...effect.value,
          ranges: effect.value.ranges.map(({ anchor, head }) => ({
            anchor: Math.min(tr.changes.mapPos(Math.min(anchor, tr.startState.doc.length), 1), length),
            head: Math.min(tr.changes.mapPos(Math.min(head, tr.startState.doc.length), 1), length),
          })),
        };
        next = [...next.filter((cursor) => cursor.clientID !== value.clientID), value];
      }
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (cursors) => decorate(cursors)),
});

class CaretWidget extends WidgetType {
  constructor(
    private readonly clientID: string,
    private readonly name: string,
    private readonly color: string,
  ) {
    super();
  }

  override eq(other: CaretWidget): boolean {
    return other.clientID === this.clientID && other.name === this.name && other.color === this.color;
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'cm-remote-caret';
    caret.style.borderLeftColor = this.color;
    caret.dataset.testid = 'remote-cursor';
    caret.dataset.clientId = this.clientID;
    caret.setAttribute('aria-label', `${this.name}'s cursor`);
    const label = document.createElement('span');
    label.className = 'cm-remote-label';
    label.style.backgroundColor = this.color;
    label.textContent = this.name;
    caret.append(label);
    return caret;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

function decorate(cursors: readonly RemoteCursor[]): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const cursor of cursors) {
    const name = cursorLabel(cursor.name);
    for (const { anchor, head } of cursor.ranges) {
      const from = Math.min(anchor, head);
      const to = Math.max(anchor, head);
      if (from < to) {
        ranges.push(
          Decoration.mark({
            class: 'cm-remote-selection',
            attributes: { style: `background-color: ${selectionTint(cursor.color)}` },
          }).range(from, to),
        );
      }
      ranges.push(Decoration.widget({ widget: new CaretWidget(cursor.clientID, name, cursor.color), side: 1 }).range(head));
    }
  }
  return Decoration.set(ranges, true);
}

/** The remote cursors now (for tests and the status line). */
export function remoteCursorsOf(state: EditorState): readonly RemoteCursor[] {
  return state.field(remoteCursors, false) ?? [];
}

/** The extension that shows remote cursors and selections. */
export function remoteCursorsExtension(): Extension {
  return remoteCursors;
}
