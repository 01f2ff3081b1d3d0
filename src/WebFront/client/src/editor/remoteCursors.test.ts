import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { clearRemoteCursors, remoteCursors, remoteCursorsOf, removeRemoteCursor, setRemoteCursor } from './remoteCursors';

function stateWith(doc: string): EditorState {
  return EditorState.create({ doc, extensions: remoteCursors });
}

const ada = { clientID: 'c1', name: 'Ada', color: '#e11d48', ranges: [{ anchor: 2, head: 5 }] };

describe('remoteCursors', () => {
  it('keeps one entry per client, replaced by a newer presence', () => {
    let state = stateWith('hello world');
    state = state.update({ effects: setRemoteCursor.of(ada) }).state;
    state = state.update({ effects: setRemoteCursor.of({ ...ada, ranges: [{ anchor: 7, head: 7 }] }) }).state;
    expect(remoteCursorsOf(state)).toEqual([{ ...ada, ranges: [{ anchor: 7, head: 7 }] }]);
  });

  it('moves cursors through later changes', () => {
    let state = stateWith('hello world');
    state = state.update({ effects: setRemoteCursor.of(ada) }).state;
    state = state.update({ changes: { from: 0, insert: '>> ' } }).state;
    expect(remoteCursorsOf(state)[0]!.ranges).toEqual([{ anchor: 5, head: 8 }]);
    state = state.update({ changes: { from: 0, to: 11 } }).state;
    expect(remoteCursorsOf(state)[0]!.ranges).toEqual([{ anchor: 0, head: 0 }]);
  });

  it('maps a presence given with the transaction through that transaction\'s changes, clamped to the document', () => {
    let state = stateWith('abc');
    state = state.update({ changes: { from: 0, insert: 'xx' }, effects: setRemoteCursor.of({ ...ada, ranges: [{ anchor: 1, head: 99 }] }) }).state;
    expect(remoteCursorsOf(state)[0]!.ranges).toEqual([{ anchor: 3, head: 5 }]);
  });

  it('removes one client or everyone', () => {
    let state = stateWith('abc');
    state = state.update({ effects: [setRemoteCursor.of(ada), setRemoteCursor.of({ ...ada, clientID: 'c2', name: 'Bob' })] }).state;
    state = state.update({ effects: removeRemoteCursor.of('c1') }).state;
    expect(remoteCursorsOf(state).map((c) => c.name)).toEqual(['Bob']);
    state = state.update({ effects: clearRemoteCursors.of(null) }).state;
    expect(remoteCursorsOf(state)).toEqual([]);
  });
});
