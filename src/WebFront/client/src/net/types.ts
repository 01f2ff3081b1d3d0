// The shapes of the WebFront REST API, as the app names them: aliases of the schemas generated from the server's
// OpenAPI document (apiTypes.gen.ts, npm run api:types), so an API change breaks the type check. The hub's shapes,
// which the document does not describe, are in hubTypes.ts.
import type { components, operations } from './apiTypes.gen';

export type * from './hubTypes';

type Schemas = components['schemas'];

export type User = Schemas['AccountUser'];

export type AuthResult = Schemas['TokenResponse'];

/** The answer to a sign-up when Vibe emails a link to finish it with. */
export type SignUpPending = Schemas['SignUpPending'];

/** What registering did: signed in, or (when Vibe emails a link to finish with) where the link went. */
export type SignUpResult = { signedIn: true } | { signedIn: false; detail: string };

export type SignUpPolicy = Schemas['SignUpPolicy'];

export type SetupStatus = Schemas['SetupStatus'];

/** An invitation as the invitee sees it (from the link, or in the list of the signed-in user's invitations). */
export type PendingInvitation = Schemas['PendingInvitation'];

export type AdminUser = Schemas['AdminUser'];

/** Where the cluster dashboard is, and until when the cookie that lets this browser in lasts (renewed while in use). */
export type ClusterDashboardSession = Schemas['ClusterDashboardSession'];

export type AdminSettings = Schemas['AdminSettings'];

export type PasswordResetLink = Schemas['PasswordResetLink'];

export type AuditRecord = Schemas['AuditRecord'];

export type AuditPage = Schemas['AuditPage'];

/** The filters of the audit log's page (GET /api/v1/audit); the page's position and size are the API module's. */
export type AuditFilter = Pick<NonNullable<operations['GetAuditLog']['parameters']['query']>, 'action' | 'q' | 'since' | 'until'>;

export type TeamRole = Schemas['TeamRole'];

// A Record, so a role the API adds breaks the type check until it is placed here.
const everyRole: Record<TeamRole, true> = { owner: true, admin: true, member: true, viewer: true };

/** Every role, strongest first. */
export const teamRoles = Object.keys(everyRole) as readonly TeamRole[];

/** A team as its members see it, with the caller's role. */
export type Team = Schemas['TeamSummary'];

export type TeamMember = Schemas['TeamMember'];

/** A pending invitation of a team, as its owners and admins list it. */
export type Invitation = Schemas['TeamInvitation'];

/** A new invitation, with its token (shown this once) and whether the link was emailed. */
export type CreatedInvitation = Schemas['CreatedInvitation'];

export type Template = Schemas['WorkspaceTemplate'];

export type WorkspaceStatus = Schemas['WorkspaceStatus'];

/** What the caller may do in a workspace (one they may not see is a 404, never a permission). */
export type WorkspacePermission = Schemas['WorkspacePermission'];

export type NetworkPolicy = Schemas['WorkspaceNetworkPolicy'];

export type WorkspaceSummary = Schemas['WorkspaceSummary'];

export type WorkspaceLimits = Schemas['WorkspaceResourceLimits'];

export type Workspace = Schemas['WorkspaceDetails'];

export type CreateWorkspaceRequest = Schemas['CreateWorkspaceRequest'];

export type WorkspaceStats = Schemas['WorkspaceResourceUsage'];

/** A TCP port a process in the running workspace listens on (GET /workspaces/{id}/ports). */
export type PreviewPort = Schemas['PreviewPort'];

/** Where to open a port's preview; both addresses carry a token for the caller until expiresAt. */
export type PreviewLink = Schemas['PreviewLink'];

export type LogStream = Schemas['WorkspaceLogStream'];

export type LogEntry = Schemas['WorkspaceLogEntry'];

export type FileKind = Schemas['WorkspaceFileKind'];

export type FileEntry = Schemas['WorkspaceFileItem'];
