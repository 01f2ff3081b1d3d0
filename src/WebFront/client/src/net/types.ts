// The shapes of the WebFront REST API, as the app names them: aliases of the schemas generated from the server's
// OpenAPI document (apiTypes.gen.ts, npm run api:types), so an API change breaks the type check. Shapes the API
// document cannot describe exactly are still written here (see the client's README); the hub's are in hubTypes.ts.
import type { components } from './apiTypes.gen';

export type * from './hubTypes';

type Schemas = components['schemas'];

export type User = Schemas['AccountUser'];

export type AuthResult = Schemas['TokenResponse'];

/** What registering did: signed in, or (when Vibe emails a link to finish with) where the link went. */
export type SignUpResult = { signedIn: true } | { signedIn: false; detail: string };

export type SignUpPolicy = Schemas['SignUpPolicy'];

export type SetupStatus = Schemas['SetupStatus'];

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

export type AdminUser = Schemas['AdminUser'];

/** Where the cluster dashboard is, and until when the cookie that lets this browser in lasts (renewed while in use). */
export type ClusterDashboardSession = Schemas['ClusterDashboardSession'];

export type AdminSettings = Schemas['AdminSettings'];

export type PasswordResetLink = Schemas['PasswordResetLink'];

export type AuditRecord = Schemas['AuditRecord'];

export type AuditPage = Schemas['AuditPage'];

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

export type Template = Schemas['WorkspaceTemplate'];

export type WorkspaceStatus = Schemas['WorkspaceStatus'];

export type WorkspacePermission = 'read' | 'write' | 'admin';

export type NetworkPolicy = Schemas['WorkspaceNetworkPolicy'];

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

export type LogStream = Schemas['WorkspaceLogStream'];

export type LogEntry = Schemas['WorkspaceLogEntry'];

export type FileKind = Schemas['WorkspaceFileKind'];

export interface FileEntry {
  name: string;
  kind: FileKind;
  size: number;
  modified: string;
}
