// The shapes only the hub (/hubs/workspace) sends: not in the OpenAPI document, so written by hand (camelCase JSON,
// enums as camelCase strings).
import type { LogEntry, WorkspaceStatus } from './types';

/** A start waiting for its template's image to be built: the build's stage and how far it is (0–100). */
export interface ImageBuild {
  template: string;
  stage: string;
  percent: number;
}

export type TerminalStatus = 'notStarted' | 'running' | 'exited';

export interface TerminalSession {
  workspaceId: string;
  sessionId: string;
  status: TerminalStatus;
  columns: number;
  rows: number;
  exitCode?: number | null;
  startedAt: string;
  /** Who opened it; a private one is theirs alone (others do not see it listed). */
  owner?: TerminalOwner | null;
}

export interface TerminalOwner {
  userId: string;
  displayName: string;
  private: boolean;
}

export interface TerminalAttachment {
  session: TerminalSession;
  scrollback: string;
  endOffset: number;
}

/** Directories of a watched workspace ('' for the root) whose entries changed on disk. */
export interface FilesChangedEvent {
  workspaceId: string;
  directories: string[];
}

/** The AI provider of the workspace (null: of every workspace) may have changed: read its status again. */
export interface AgentProviderChangedEvent {
  workspaceId: string | null;
}

export interface StatusEvent {
  workspaceId: string;
  status: WorkspaceStatus;
  previousStatus?: WorkspaceStatus | null;
  at: string;
  error?: string | null;
  /** Why the change happened when nobody asked for it (idle, the container died, out of memory). */
  reason?: string | null;
  oomKilled?: boolean;
  /** While a start builds the template's image (the status stays Starting). */
  imageBuild?: ImageBuild | null;
}

export interface LogEvent extends LogEntry {
  workspaceId: string;
}

export interface TerminalOutput {
  workspaceId: string;
  sessionId: string;
  offset: number;
  data: string;
}

export interface TerminalExited {
  workspaceId: string;
  sessionId: string;
  /** 128 + n when signal n ended the shell; null when the engine could not tell. */
  exitCode?: number | null;
}

/** One `@codemirror/collab` update on the wire: the client that made it and its `ChangeSet.toJSON()`. */
export interface DocumentUpdateWire {
  clientID: string;
  changes: unknown;
}

export interface DocumentSelectionRange {
  anchor: number;
  head: number;
}

/** Someone's cursors in a document at a version; name and colour come from the server. */
export interface DocumentPresence {
  workspaceId?: string;
  path?: string;
  clientID: string;
  userId: string;
  name: string;
  color: string;
  version: number;
  ranges: DocumentSelectionRange[];
  left: boolean;
}

export interface OpenedDocument {
  path: string;
  version: number;
  text: string;
  canEdit: boolean;
  presence: DocumentPresence[];
  /** The colour the server gives this user's cursor. */
  color: string;
}

export interface DocumentPushResult {
  accepted: boolean;
  version: number;
}

export type DocumentPullStatus = 'updates' | 'tooFarBehind' | 'closed';

export interface DocumentPullResult {
  status: DocumentPullStatus;
  version: number;
  updates: DocumentUpdateWire[];
}

export interface DocumentUpdatesEvent {
  workspaceId: string;
  path: string;
  startVersion: number;
  updates: DocumentUpdateWire[];
}

export type DocumentNoticeKind = 'deleted' | 'moved' | 'reloaded';

export interface DocumentNoticeEvent {
  workspaceId: string;
  path: string;
  kind: DocumentNoticeKind;
  newPath?: string | null;
  message: string;
}
