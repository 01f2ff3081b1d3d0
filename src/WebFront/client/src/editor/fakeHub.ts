// Test support (not part of the app): the hub's document methods and events over an in-memory authority that behaves
// as the document grain does (pushes accepted only at the current version, a bounded tail of updates, server-side
// edits), so DocumentSession can be tested with the real @codemirror/collab and no server.
import { ChangeSet, EditorState, Text, type ChangeSpec, type Transaction, type TransactionSpec } from '@codemirror/state';
import { EditorView, type ViewUpdate } from '@codemirror/view';
import type { HubEvents, HubState } from '../net/hub';
import { HubError } from '../net/hubError';
import type {
  DocumentPresence,
  DocumentPullResult,
  DocumentPushResult,
  DocumentSelectionRange,
  DocumentUpdateWire,
  OpenedDocument,
} from '../net/types';
import type { EditorHost } from './DocumentSession';

type Handler = (event: never) => void;

export class FakeDocumentHub {
  doc = Text.of(['']);
  version = 0;
  /** Updates kept from version `keptFrom` on. */
  kept: DocumentUpdateWire[] = [];
  keptFrom = 0;
  canEdit = true;
  connection: HubState = 'connected';
  /** The next this-many documentUpdates events are lost (as on a connection that dropped them). */
  loseEvents = 0;
  /** The next this-many pushes fail as on a transient cluster failure (the server's retryable error). */
  failPushes = 0;
  /** With failPushes: the server stores the push before it fails, so only its answer is lost. */
  failAfterStoring = false;
  /** The next this-many opens fail as on a transient cluster failure. */
  failOpens = 0;
  readonly pushes: { version: number; count: number; accepted: boolean }[] = [];
  private readonly handlers = new Map<keyof HubEvents, Set<Handler>>();
  private readonly stateListeners = new Set<(state: HubState) => void>();
  private readonly reconnectedListeners = new Set<() => void>();

  private generation = 0;

  reset(text: string): void {
    this.generation++;
    this.doc = Text.of(text.split('\n'));
    this.version = 0;
    this.kept = [];
    this.keptFrom = 0;
    this.canEdit = true;
    this.connection = 'connected';
    this.loseEvents = 0;
    this.failPushes = 0;
    this.failAfterStoring = false;
    this.failOpens = 0;
    this.pushes.length = 0;
    this.handlers.clear();
    this.stateListeners.clear();
    this.reconnectedListeners.clear();
  }

  text(): string {
    return this.doc.toString();
  }

  /** A change made outside the editors (the file changed on disk), published like any update. */
  serverEdit(changes: ChangeSpec): void {
    const set = ChangeSet.of(changes, this.doc.length);
    this.apply([{ clientID: 'disk', changes: set.toJSON() }]);
  }

  /** Drops the kept updates: editors behind the current version are now too far behind. */
  forgetHistory(): void {
    this.keptFrom = this.version;
    this.kept = [];
  }

  goOffline(): void {
    this.setConnection('reconnecting');
  }

  reconnect(): void {
    this.setConnection('connected');
    for (const listener of this.reconnectedListeners) {
      listener();
    }
  }

  emit<K extends keyof HubEvents>(name: K, event: HubEvents[K]): void {
    if (this.connection !== 'connected') {
      return;
    }
    setTimeout(() => {
      for (const handler of this.handlers.get(name) ?? []) {
        (handler as (e: HubEvents[K]) => void)(event);
      }
    }, 0);
  }

  private setConnection(state: HubState): void {
    this.connection = state;
    for (const listener of this.stateListeners) {
      listener(state);
    }
  }

  private apply(updates: DocumentUpdateWire[]): void {
    const startVersion = this.version;
    for (const update of updates) {
      this.doc = ChangeSet.fromJSON(update.changes).apply(this.doc);
      this.kept.push(update);
      this.version++;
    }
    if (this.loseEvents > 0) {
      this.loseEvents--;
      return;
    }
    this.emit('documentUpdates', { workspaceId: 'w1', path: 'notes.txt', startVersion, updates });
  }

  private async call<T>(body: () => T): Promise<T> {
    const generation = this.generation;
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.connection !== 'connected' || generation !== this.generation) {
      throw new Error('Not connected to the server.');
    }
    return body();
  }

  readonly hub = {
    state: (): HubState => this.connection,
    subscribeState: (listener: (state: HubState) => void) => {
      this.stateListeners.add(listener);
      return () => this.stateListeners.delete(listener);
    },
    onReconnected: (listener: () => void) => {
      this.reconnectedListeners.add(listener);
      return () => this.reconnectedListeners.delete(listener);
    },
    on: <K extends keyof HubEvents>(name: K, handler: (event: HubEvents[K]) => void) => {
      let set = this.handlers.get(name);
      if (!set) {
        set = new Set();
        this.handlers.set(name, set);
      }
      const registered = handler as Handler;
      set.add(registered);
      return () => set.delete(registered);
    },
    openDocument: (_workspaceId: string, path: string) =>
      this.call<OpenedDocument>(() => {
        if (this.failOpens > 0) {
          this.failOpens--;
          throw transientFailure();
        }
        return { path, version: this.version, text: this.text(), canEdit: this.canEdit, presence: [], color: '#e11d48' };
      }),
    closeDocument: () => this.call<void>(() => undefined),
    pushDocumentUpdates: (_workspaceId: string, _path: string, version: number, updates: DocumentUpdateWire[]) =>
      this.call<DocumentPushResult>(() => {
        if (!this.canEdit) {
          throw new HubError('you need write access to edit this file', 'refused');
        }
        const failing = this.failPushes > 0;
        if (failing) {
          this.failPushes--;
          if (!this.failAfterStoring) {
            throw transientFailure();
          }
        }
        const accepted = version === this.version;
        this.pushes.push({ version, count: updates.length, accepted });
        if (accepted) {
          // Over the wire: the JSON form, as the server keeps it.
          this.apply(JSON.parse(JSON.stringify(updates)) as DocumentUpdateWire[]);
        }
        if (failing) {
          throw transientFailure();
        }
        return { accepted, version: this.version };
      }),
    pullDocumentUpdates: (_workspaceId: string, _path: string, version: number) =>
      this.call<DocumentPullResult>(() =>
        version < this.keptFrom
          ? { status: 'tooFarBehind', version: this.version, updates: [] }
          : { status: 'updates', version: this.version, updates: this.kept.slice(version - this.keptFrom) },
      ),
    setDocumentPresence: (_workspaceId: string, path: string, clientID: string, version: number, ranges: DocumentSelectionRange[]) =>
      this.call<void>(() => {
        const presence: DocumentPresence = {
          workspaceId: 'w1',
          path,
          clientID,
          userId: `user-${clientID}`,
          name: `Name ${clientID}`,
          color: '#2563eb',
          version,
          ranges,
          left: false,
        };
        this.emit('documentPresence', presence);
      }),
  };
}

/** What the hub's network layer makes of the server's retryable error. */
function transientFailure(): HubError {
  return new HubError('The server is briefly unavailable while the cluster recovers; try again in a moment.', 'retryable');
}

/** An editor without a DOM: holds the state and calls the update listeners as an EditorView would. */
export class StateHost implements EditorHost {
  constructor(public state: EditorState) {}

  dispatch(...specs: (Transaction | TransactionSpec)[]): void {
    const first = specs[0];
    const tr = first && 'startState' in first ? (first as Transaction) : this.state.update(...(specs as TransactionSpec[]));
    this.state = tr.state;
    const update = { state: tr.state, startState: tr.startState, docChanged: tr.docChanged, selectionSet: tr.selection !== undefined, transactions: [tr] };
    for (const listener of tr.state.facet(EditorView.updateListener)) {
      listener(update as unknown as ViewUpdate);
    }
  }

  setState(state: EditorState): void {
    this.state = state;
  }

  /** Types `text` at `at` as a person would. */
  type(at: number, text: string): void {
    this.dispatch({ changes: { from: at, insert: text }, selection: { anchor: at + text.length }, userEvent: 'input.type' });
  }

  focus(): void {}

  destroy(): void {}
}

export const fake = new FakeDocumentHub();
