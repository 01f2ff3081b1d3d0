// One open document in one editor: the @codemirror/collab client side. The server's document grain is the authority;
// this keeps the editor synced with it through the hub (pushes, pulls, the documentUpdates events of the document's
// group), shows the others' cursors, and keeps local edits while offline to push them when the connection returns.
import { collab, getClientID, getSyncedVersion, receiveUpdates, sendableUpdates, type Update } from '@codemirror/collab';
import {
  ChangeSet,
  Compartment,
  EditorSelection,
  EditorState,
  type Extension,
  type Transaction,
  type TransactionSpec,
} from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { hub, type HubState } from '../net/hub';
import { isRefusal, retryDelayMs } from '../net/hubError';
import type {
  DocumentNoticeEvent,
  DocumentPresence,
  DocumentSelectionRange,
  DocumentUpdatesEvent,
  DocumentUpdateWire,
  OpenedDocument,
} from '../net/types';
import { languageIdFor } from './languages';
import { loadLanguageSupport } from './languageSupport';
import { safeColor } from './presenceFormat';
import { composePending, mapRanges, syncedText } from './rangeMapping';
import { rebaseOntoReload } from './reloadRebase';
import { clearRemoteCursors, remoteCursorsExtension, removeRemoteCursor, setRemoteCursor } from './remoteCursors';
import { decideUpdates, presenceTiming } from './updateSequence';

/** What the session needs of the editor: an EditorView in the page; a plain state holder in tests. */
export interface EditorHost {
  readonly state: EditorState;
  dispatch(tr: Transaction): void;
  dispatch(...specs: TransactionSpec[]): void;
  setState(state: EditorState): void;
  focus(): void;
  destroy(): void;
}

export type SessionPhase = 'loading' | 'open' | 'failed' | 'closed';

export interface SessionNotice {
  kind: DocumentNoticeEvent['kind'];
  message: string;
  newPath?: string;
}

/** What the tab and its status line show. */
export interface SessionStatus {
  phase: SessionPhase;
  canEdit: boolean;
  /** Local edits the server has not confirmed yet. */
  unsynced: boolean;
  connection: HubState;
  /** A call failed without being refused (the cluster recovers from a lost server): the session keeps the edits and tries again. */
  retrying: boolean;
  /** Why the document could not be opened (phase 'failed'). */
  error?: string;
  /** The file was deleted or moved, or the document reloaded. */
  notice?: SessionNotice;
  /** Something the user should know that is no error (e.g. a reload kept their edits). */
  info?: string;
  /** Edits the server refused; cleared once later edits are stored. */
  saveError?: string;
}

const presenceDelayMs = 60;
/** How often presence is sent again unchanged: the server forgets cursors silent for 5 min, and a document nobody is present in stops watching its file. */
const presenceRefreshMs = 2 * 60 * 1000;

/**
 * Sessions per document key in this tab. The hub's group is per connection, so CloseDocument is sent only when the last
 * session of a document goes (React's StrictMode mounts an editor twice; a tab can close while another opens the file).
 */
const liveSessions = new Map<string, number>();

function retain(key: string): void {
  liveSessions.set(key, (liveSessions.get(key) ?? 0) + 1);
}

/** True when this was the last session of the document. */
function release(key: string): boolean {
  const left = (liveSessions.get(key) ?? 1) - 1;
  if (left <= 0) {
    liveSessions.delete(key);
    return true;
  }
  liveSessions.set(key, left);
  return false;
}
/** How many recent remote updates are kept to move older presence to the current version. */
const keptUpdates = 200;

export class DocumentSession {
  private view: EditorHost | null = null;
  private readonly readOnly = new Compartment();
  private readonly language = new Compartment();
  private languageExtension: Extension = [];
  private status: SessionStatus;
  private disposed = false;
  private loaded = false;
  private buffered: DocumentUpdatesEvent[] = [];
  private pushing = false;
  private pulling: Promise<void> | null = null;
  /** True while the editor applies the server's updates (so the update listener does not take them for typing). */
  private applyingRemote = false;
  private presenceTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Failed attempts since the server last answered, for the backoff. */
  private retries = 0;
  private presenceRefresh: ReturnType<typeof setInterval> | undefined;
  private lastPresence = '';
  private readonly laterPresence = new Map<string, DocumentPresence>();
  /** Recent remote updates' changes, from version recentStart on. */
  private recent: ChangeSet[] = [];
  private recentStart = 0;
  private readonly unsubscribe: (() => void)[] = [];
  private clientID: string | undefined;
  /** The path as the server normalised it (events carry this one). */
  private serverPath: string | undefined;

  constructor(
    private readonly workspaceId: string,
    readonly path: string,
    private readonly mount: (state: EditorState) => EditorHost,
    private readonly onStatus: (status: SessionStatus) => void,
  ) {
    this.status = { phase: 'loading', canEdit: false, unsynced: false, connection: hub.state(), retrying: false };
  }

  start(): void {
    retain(this.key);
    this.unsubscribe.push(
      hub.on('documentUpdates', (event) => this.mine(event) && this.onUpdates(event)),
      hub.on('documentPresence', (event) => this.mine(event) && this.onPresence(event)),
      hub.on('documentNotice', (event) => this.mine(event) && this.onNotice(event)),
      hub.subscribeState((state) => this.onConnection(state)),
      hub.onReconnected(() => void this.resync()),
    );
    this.presenceRefresh = setInterval(() => {
      this.lastPresence = '';
      this.sendPresence();
    }, presenceRefreshMs);
    void this.load();
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    for (const stop of this.unsubscribe) {
      stop();
    }
    clearTimeout(this.presenceTimer);
    clearTimeout(this.retryTimer);
    clearInterval(this.presenceRefresh);
    if (release(this.key) && hub.state() === 'connected') {
      void hub.closeDocument(this.workspaceId, this.path).catch(() => undefined);
    }
    this.view?.destroy();
    this.view = null;
  }

  focus(): void {
    this.view?.focus();
  }

  /** The editor's text (for tests and the file's last look when it is closed). */
  text(): string {
    return this.view?.state.doc.toString() ?? '';
  }

  private get key(): string {
    return `${this.workspaceId}:${this.path}`;
  }

  private mine(event: { workspaceId?: string; path?: string }): boolean {
    return !this.disposed && event.workspaceId === this.workspaceId && (event.path === this.path || event.path === this.serverPath);
  }

  private publish(patch: Partial<SessionStatus>): void {
    this.status = { ...this.status, ...patch };
    this.onStatus(this.status);
  }

  private async load(): Promise<void> {
    let opened: OpenedDocument;
    try {
      opened = await hub.openDocument(this.workspaceId, this.path);
    } catch (error) {
      if (!this.disposed) {
        this.publish({ phase: 'failed', error: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (this.disposed) {
      // dispose() sent CloseDocument if no other session has the document; this open came after it.
      if (!liveSessions.has(this.key)) {
        void hub.closeDocument(this.workspaceId, this.path).catch(() => undefined);
      }
      return;
    }
    this.serverPath = opened.path;
    this.view = this.mount(this.createState(opened));
    this.clientID = getClientID(this.view.state);
    this.loaded = true;
    this.resetHistory(opened.version);
    this.publish({ phase: 'open', canEdit: opened.canEdit, unsynced: false });
    for (const presence of opened.presence) {
      this.onPresence(presence);
    }
    // Events that came while opening: the ones the open already included are dropped by the version check.
    const buffered = this.buffered;
    this.buffered = [];
    for (const event of buffered) {
      this.onUpdates(event);
    }
    this.schedulePresence();
    void this.loadLanguage();
  }

  private async loadLanguage(): Promise<void> {
    try {
      this.languageExtension = await loadLanguageSupport(languageIdFor(this.path));
    } catch {
      return; // The chunk could not be fetched (offline): the file stays plain text.
    }
    if (!this.disposed && this.view) {
      this.view.dispatch({ effects: this.language.reconfigure(this.languageExtension) });
    }
  }

  private createState(opened: OpenedDocument, doc?: string): EditorState {
    const extensions: Extension[] = [
      basicSetup,
      collab({ startVersion: opened.version, ...(this.clientID ? { clientID: this.clientID } : {}) }),
      this.language.of(this.languageExtension),
      this.readOnly.of(readOnlyExtension(!opened.canEdit)),
      remoteCursorsExtension(),
      EditorView.contentAttributes.of({ 'data-testid': 'editor-content', 'aria-label': `Edit ${this.path}` }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && !this.applyingRemote) {
          const unsynced = sendableUpdates(update.state).length > 0;
          if (unsynced !== this.status.unsynced) {
            this.publish({ unsynced });
          }
          void this.flush();
        }
        if (update.docChanged || update.selectionSet) {
          this.schedulePresence();
        }
      }),
    ];
    return EditorState.create({ doc: doc ?? opened.text, extensions });
  }

  private resetHistory(version: number): void {
    this.recent = [];
    this.recentStart = version;
    this.laterPresence.clear();
  }

  // ---- Remote updates

  private onUpdates(event: DocumentUpdatesEvent): void {
    if (!this.loaded || !this.view) {
      this.buffered.push(event);
      return;
    }
    const decision = decideUpdates(event.startVersion, event.updates.length, getSyncedVersion(this.view.state));
    if (decision.kind === 'apply') {
      this.receive(event.updates.slice(decision.skip));
    } else if (decision.kind === 'pull') {
      void this.pull();
    }
  }

  /** Applies updates that start at the synced version; a broken one makes the editor reload. */
  private receive(wire: readonly DocumentUpdateWire[]): void {
    const view = this.view;
    if (!view || wire.length === 0) {
      return;
    }
    let updates: Update[];
    try {
      updates = wire.map((u) => ({ clientID: u.clientID, changes: ChangeSet.fromJSON(u.changes) }));
      this.applyingRemote = true;
      view.dispatch(receiveUpdates(view.state, updates));
    } catch {
      void this.reload('The document was reloaded because an update from the server could not be applied.');
      return;
    } finally {
      this.applyingRemote = false;
    }
    for (const update of updates) {
      this.recent.push(update.changes);
    }
    if (this.recent.length > keptUpdates) {
      const drop = this.recent.length - keptUpdates;
      this.recent = this.recent.slice(drop);
      this.recentStart += drop;
    }
    const synced = getSyncedVersion(view.state);
    for (const [clientID, presence] of this.laterPresence) {
      if (presence.version <= synced) {
        this.laterPresence.delete(clientID);
        this.onPresence(presence);
      }
    }
    this.publish({ unsynced: sendableUpdates(view.state).length > 0 });
    void this.flush();
    this.schedulePresence();
  }

  private pull(): Promise<void> {
    this.pulling ??= this.pullOnce().finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  private async pullOnce(): Promise<void> {
    if (!this.view || this.status.phase !== 'open' || hub.state() !== 'connected') {
      return;
    }
    const from = getSyncedVersion(this.view.state);
    try {
      const result = await hub.pullDocumentUpdates(this.workspaceId, this.path, from);
      if (this.disposed || !this.view) {
        return;
      }
      if (result.status === 'tooFarBehind') {
        await this.reload('This editor was too far behind the server and reloaded the document.');
      } else if (result.status === 'closed') {
        this.close(this.status.notice ?? { kind: 'deleted', message: 'This file is no longer open for editing on the server.' });
      } else {
        const decision = decideUpdates(from, result.updates.length, getSyncedVersion(this.view.state));
        if (decision.kind === 'apply') {
          this.receive(result.updates.slice(decision.skip));
        }
      }
    } catch (error) {
      // A dropped connection resyncs when it is back; anything else but a refusal is tried again.
      if (!isRefusal(error)) {
        this.retryLater();
      }
    }
  }

  // ---- Local updates

  private async flush(): Promise<void> {
    const view = this.view;
    // While a retry waits for its turn, typing does not push: the retry sends everything unconfirmed by then.
    const waiting = this.pushing || this.retryTimer !== undefined;
    if (!view || waiting || !this.status.canEdit || this.status.phase !== 'open' || hub.state() !== 'connected') {
      return;
    }
    const sendable = sendableUpdates(view.state);
    if (sendable.length === 0) {
      this.stored();
      return;
    }
    this.pushing = true;
    const version = getSyncedVersion(view.state);
    const sent: DocumentUpdateWire[] = sendable.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() }));
    let retry = false;
    let answered = false;
    try {
      const result = await hub.pushDocumentUpdates(this.workspaceId, this.path, version, sent);
      answered = true;
      if (this.disposed || !this.view) {
        return;
      }
      if (!result.accepted) {
        // Someone else's update came first: get it (collab rebases the local edits over it), then push again. When
        // the pull brought nothing (the connection dropped), the next event or the reconnect pushes instead.
        await this.pull();
        retry = this.view !== null && getSyncedVersion(this.view.state) > version;
      } else if (getSyncedVersion(this.view.state) === version && result.version === version + sent.length) {
        // The server took exactly these updates at this version: confirm them now rather than waiting for their
        // documentUpdates event, which is then dropped as already applied.
        this.receive(sent);
      } else {
        retry = true;
      }
    } catch (error) {
      if (this.disposed) {
        return;
      }
      if (isRefusal(error)) {
        // The server refused the edit (no write access, or a ChangeSet it could not apply): reload to its text.
        const message = error instanceof Error ? error.message : String(error);
        await this.reload(`Your last edits could not be saved: ${asSentence(message)}`, false);
      } else {
        // The push may or may not have been applied (a lost server, a dropped answer): keep the edits, and later open
        // again, pull and push what is still unconfirmed. Edits the server did apply come back in the pull as this
        // client's own and are confirmed, so nothing is stored twice.
        this.retryLater();
      }
    } finally {
      this.pushing = false;
    }
    if (this.disposed || !this.view) {
      return;
    }
    const unsent = sendableUpdates(this.view.state).length;
    if (retry || (getSyncedVersion(this.view.state) > version && unsent > 0)) {
      void this.flush();
    } else if (answered && unsent === 0) {
      this.stored(true);
    }
  }

  // ---- Retries after failures that were no refusal

  /** Opens the document again after a backoff (as after a reconnect); while disconnected the reconnect does it instead. */
  private retryLater(): void {
    if (this.disposed || this.retryTimer !== undefined || hub.state() !== 'connected') {
      return;
    }
    if (!this.status.retrying) {
      this.publish({ retrying: true });
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.disposed && hub.state() === 'connected') {
        void this.resync();
      }
    }, retryDelayMs(this.retries++));
  }

  /**
   * Nothing is left to send and the server answered, so retrying ends; when `pushed`, edits were just stored, so an
   * error about earlier edits that could not be saved no longer needs to show.
   */
  private stored(pushed = false): void {
    this.retries = 0;
    if (this.status.retrying || (pushed && this.status.saveError)) {
      this.publish({ retrying: false, ...(pushed ? { saveError: undefined } : {}) });
    }
  }

  // ---- Reload, reconnect, notices

  /** Opens the document again and shows the server's text; unconfirmed local edits are moved onto it when `keep`. */
  private async reload(reason: string, keep = true): Promise<void> {
    const view = this.view;
    if (!view || this.disposed) {
      return;
    }
    const pending = composePending(sendableUpdates(view.state));
    const before = syncedText(view.state.doc, pending);
    let opened: OpenedDocument;
    try {
      opened = await hub.openDocument(this.workspaceId, this.path);
    } catch (error) {
      if (isRefusal(error)) {
        this.publish({ saveError: `${reason} Reloading failed: ${error instanceof Error ? error.message : String(error)}` });
      } else {
        this.retryLater();
      }
      return;
    }
    if (this.disposed || this.view !== view) {
      return;
    }
    const selection = view.state.selection.main;
    view.setState(this.createState(opened));
    this.resetHistory(opened.version);
    let info = reason;
    const rebased = keep && opened.canEdit ? rebaseOntoReload(before, opened.text, pending) : null;
    if (rebased) {
      try {
        view.dispatch({ changes: rebased });
        info = `${reason} Your unsent edits were applied again on top of it.`;
      } catch {
        info = `${reason} Your unsent edits could not be applied again; copy them from your clipboard history if needed.`;
      }
    } else if (pending && !pending.empty) {
      info = `${reason} Your unsent edits were not kept.`;
    }
    const length = view.state.doc.length;
    view.dispatch({ selection: EditorSelection.single(Math.min(selection.anchor, length), Math.min(selection.head, length)) });
    const unsynced = sendableUpdates(view.state).length > 0;
    // What a refusal discarded is an error about saving; the rest is for information.
    const message = keep ? { info } : { saveError: info };
    this.publish({ canEdit: opened.canEdit, unsynced, retrying: false, ...message });
    this.retries = 0;
    for (const presence of opened.presence) {
      this.onPresence(presence);
    }
    void this.flush();
  }

  /** After a reconnect the connection is in no group: open again, catch up, then push what was typed offline. */
  private async resync(): Promise<void> {
    const view = this.view;
    if (!view || this.disposed || this.status.phase !== 'open') {
      if (!this.loaded && !this.disposed && this.status.phase === 'failed') {
        void this.load();
      }
      return;
    }
    let opened: OpenedDocument;
    try {
      opened = await hub.openDocument(this.workspaceId, this.path);
    } catch (error) {
      if (isRefusal(error)) {
        this.publish({ retrying: false, saveError: `The document could not be opened again: ${error instanceof Error ? error.message : String(error)}` });
      } else {
        this.retryLater();
      }
      return;
    }
    if (this.disposed || this.view !== view) {
      return;
    }
    this.setCanEdit(opened.canEdit);
    const synced = getSyncedVersion(view.state);
    if (opened.version < synced) {
      // The server's history restarted: its text is the truth, local edits move onto it.
      await this.reload('The document was reset on the server and reloaded.');
      return;
    }
    view.dispatch({ effects: clearRemoteCursors.of(null) });
    for (const presence of opened.presence) {
      this.onPresence(presence);
    }
    if (opened.version > synced) {
      await this.pull();
    }
    this.lastPresence = '';
    this.schedulePresence();
    if (this.retryTimer === undefined && sendableUpdates(view.state).length === 0) {
      this.stored();
    }
    void this.flush();
  }

  private onConnection(state: HubState): void {
    this.publish({ connection: state });
  }

  private onNotice(event: DocumentNoticeEvent): void {
    const notice: SessionNotice = { kind: event.kind, message: event.message, ...(event.newPath ? { newPath: event.newPath } : {}) };
    if (event.kind === 'reloaded') {
      void this.reload(event.message || 'The document was reloaded from the file.');
      return;
    }
    this.close(notice);
  }

  private close(notice: SessionNotice): void {
    this.setCanEdit(false);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    clearTimeout(this.presenceTimer);
    clearInterval(this.presenceRefresh);
    this.view?.dispatch({ effects: clearRemoteCursors.of(null) });
    this.publish({ phase: 'closed', notice, unsynced: false, retrying: false });
  }

  private setCanEdit(canEdit: boolean): void {
    if (canEdit !== this.status.canEdit) {
      this.view?.dispatch({ effects: this.readOnly.reconfigure(readOnlyExtension(!canEdit)) });
      this.publish({ canEdit });
    }
  }

  // ---- Presence

  private onPresence(presence: DocumentPresence): void {
    const view = this.view;
    if (!view || presence.clientID === this.clientID || this.status.phase !== 'open') {
      return;
    }
    if (presence.left) {
      this.laterPresence.delete(presence.clientID);
      view.dispatch({ effects: removeRemoteCursor.of(presence.clientID) });
      return;
    }
    const synced = getSyncedVersion(view.state);
    const timing = presenceTiming(presence.version, synced, this.recentStart);
    if (timing === 'later') {
      this.laterPresence.set(presence.clientID, presence);
      return;
    }
    const sinceThen = timing === 'map' ? this.recent.slice(presence.version - this.recentStart) : [];
    const pending = composePending(sendableUpdates(view.state));
    const steps = pending ? [...sinceThen, pending] : sinceThen;
    const ranges = mapRanges(presence.ranges ?? [], steps, view.state.doc.length);
    view.dispatch({
      effects: setRemoteCursor.of({
        clientID: presence.clientID,
        name: presence.name,
        color: safeColor(presence.color, presence.userId),
        ranges,
      }),
    });
  }

  private schedulePresence(): void {
    if (this.presenceTimer !== undefined || this.disposed) {
      return;
    }
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = undefined;
      this.sendPresence();
    }, presenceDelayMs);
  }

  private sendPresence(): void {
    const view = this.view;
    if (!view || !this.clientID || this.status.phase !== 'open' || hub.state() !== 'connected') {
      return;
    }
    // Others know the synced document only: move the cursors back over the edits not confirmed yet.
    const pending = composePending(sendableUpdates(view.state));
    const inverse = pending ? [pending.invertedDesc] : [];
    const local: DocumentSelectionRange[] = view.state.selection.ranges.map((r) => ({ anchor: r.anchor, head: r.head }));
    const version = getSyncedVersion(view.state);
    const ranges = mapRanges(local, inverse, pending ? pending.length : view.state.doc.length);
    const key = JSON.stringify([version, ranges]);
    if (key === this.lastPresence) {
      return;
    }
    this.lastPresence = key;
    void hub.setDocumentPresence(this.workspaceId, this.path, this.clientID, version, ranges).catch(() => {
      this.lastPresence = '';
    });
  }
}

/** The server's messages are often lower-case fragments without a full stop; the banners join them to other sentences. */
function asSentence(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

function readOnlyExtension(readOnly: boolean): Extension {
  return readOnly ? [EditorState.readOnly.of(true)] : [];
}
