// The shapes of the WebFront API and hub (JSON is camelCase, enums are camelCase strings).

export interface User {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
}

export interface AuthResult {
  accessToken: string;
  accessTokenExpiresAt: string;
  /** Null for the browser: the refresh token is an HttpOnly cookie. */
  refreshToken?: string | null;
  user: User;
}

/** What registering did: signed in, or (when Vibe emails a link to finish with) where the link went. */
export type SignUpResult = { signedIn: true } | { signedIn: false; detail: string };

export type SignUpPolicy = 'open' | 'inviteOnly' | 'closed';

export interface SetupStatus {
  needsFirstAccount: boolean;
  signUp: SignUpPolicy;
  /** Whether Vibe sends email. */
  email: boolean;
}

/** An invitation as the invitee sees it (from the link, or in the list of the signed-in user's invitations). */
export interface PendingInvitation {
  id: string;
  teamId: string;
  teamName: string;
  email: string;
  role: TeamRole;
  invitedBy?: string | null;
  expiresAt: string;
}

export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: string;
}

/** Where the cluster dashboard is, and until when the cookie that lets this browser in lasts (renewed while in use). */
export interface ClusterDashboardSession {
  url: string;
  expiresAt: string;
}

export interface AdminSettings {
  signUp: SignUpPolicy;
  allowedAgentEndpoints: string[];
  configuredAllowedAgentEndpoints: string[];
  email: boolean;
}

export interface PasswordResetLink {
  path: string;
  link?: string | null;
  expiresAt: string;
  emailed: boolean;
}

export interface AuditRecord {
  id: string;
  occurredAt: string;
  action: string;
  actorId?: string | null;
  actorEmail?: string | null;
  teamId?: string | null;
  workspaceId?: string | null;
  subject?: string | null;
  ip?: string | null;
}

export interface AuditPage {
  items: AuditRecord[];
  nextBefore?: string | null;
}

export interface AuditFilter {
  action?: string;
  q?: string;
  since?: string;
  until?: string;
}

/** As the API writes it: lower case. */
export type TeamRole = 'owner' | 'admin' | 'member' | 'viewer';

export const teamRoles: readonly TeamRole[] = ['owner', 'admin', 'member', 'viewer'];

export interface Team {
  id: string;
  name: string;
  role: TeamRole;
}

export interface TeamMember {
  userId: string;
  email: string;
  displayName: string;
  role: TeamRole;
}

export interface Invitation {
  id: string;
  email: string;
  role: TeamRole;
  token?: string;
  expiresAt: string;
  /** Whether the link was emailed to the invited address. */
  emailed?: boolean;
}

export interface AcceptedInvitation {
  teamId: string;
  role: TeamRole;
}

export interface Template {
  id: string;
  name: string;
  /** What is in it, in one line. */
  description: string;
  /** The project a new workspace begins with and how to run it; null when it begins empty. */
  starter?: string | null;
}

/** A start waiting for its template's image to be built: the build's stage and how far it is (0–100). */
export interface ImageBuild {
  template: string;
  stage: string;
  percent: number;
}

export type WorkspaceStatus = 'creating' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed' | 'deleted';

export type WorkspacePermission = 'read' | 'write' | 'admin';

export type NetworkPolicy = 'none' | 'internal' | 'internet';

export interface WorkspaceSummary {
  id: string;
  name: string;
  template: string;
  status: WorkspaceStatus;
  /** Null for viewers. */
  ownerId: string | null;
  teamId?: string | null;
  permission: WorkspacePermission;
  cpuPercent?: number | null;
  memoryBytes?: number | null;
  memoryLimitBytes?: number | null;
  createdAt: string;
  lastActivityAt?: string | null;
}

export interface WorkspaceLimits {
  cpus: number;
  memoryMb: number;
  pids: number;
}

export interface Workspace extends WorkspaceSummary {
  limits: WorkspaceLimits;
  network: NetworkPolicy;
  containerId?: string | null;
  error?: string | null;
}

export interface CreateWorkspaceRequest {
  name: string;
  template: string;
  teamId?: string;
  limits?: Partial<WorkspaceLimits>;
  network?: NetworkPolicy;
  start?: boolean;
}

export interface WorkspaceStats {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  networkRxBytes: number;
  networkTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
}

/** A TCP port a process in the running workspace listens on (GET /workspaces/{id}/ports). */
export interface PreviewPort {
  port: number;
  /** Bound to 127.0.0.1 or ::1 only: the preview cannot reach it until the server listens on 0.0.0.0. */
  loopbackOnly: boolean;
  /** Anyone with the link may open its preview (the owner decides). */
  public: boolean;
}

/** Where to open a port's preview; both addresses carry a token for the caller until expiresAt. */
export interface PreviewLink {
  port: number;
  /** On the preview's own origin, http://{port}-{workspace}.{domain}:{web port}/?token. */
  url: string;
  /** /preview/{workspace}/{port}/?token on the app's own host. */
  pathUrl: string;
  expiresAt: string;
  public: boolean;
}

export type LogStream = 'stdout' | 'stderr';

export interface LogEntry {
  stream: LogStream;
  text: string;
  /** Null when the engine did not say when the line was written. */
  timestamp?: string | null;
}

export type FileKind = 'file' | 'directory' | 'symlink';

export interface FileEntry {
  name: string;
  kind: FileKind;
  size: number;
  modified: string;
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
