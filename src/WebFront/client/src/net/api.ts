// The WebFront REST API, one typed function per endpoint. Components call these, never fetch.
import type { AgentProviderStatus } from './agentTypes';
import { request, requestBinary, type BinaryResponse } from './rest';
import type {
  AdminSettings,
  AdminUser,
  AuditFilter,
  AuditPage,
  ClusterDashboardSession,
  CreatedInvitation,
  CreateWorkspaceRequest,
  FileEntry,
  Invitation,
  LogEntry,
  PasswordResetLink,
  PendingInvitation,
  PreviewLink,
  PreviewPort,
  SetupStatus,
  SignUpPolicy,
  Team,
  TeamMember,
  TeamRole,
  Template,
  Workspace,
  WorkspaceStats,
  WorkspaceSummary,
} from './types';

/** A file to upload and where it goes, relative to the folder it is uploaded into ('docs/readme.md'). */
export interface UploadFile {
  path: string;
  file: File;
}

const v1 = '/api/v1';
const id = encodeURIComponent;

async function setup(): Promise<SetupStatus> {
  return request<SetupStatus>('GET', `${v1}/setup`, { anonymous: true });
}

function query(values: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value) {
      search.set(key, value);
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function workspacePath(workspaceId: string, rest = ''): string {
  return `${v1}/workspaces/${id(workspaceId)}${rest}`;
}

function teamPath(teamId: string, rest = ''): string {
  return `${v1}/teams/${id(teamId)}${rest}`;
}

export const api = {
  setup,

  templates: () => request<Template[]>('GET', `${v1}/templates`),

  workspaces: {
    list: (signal?: AbortSignal) => request<WorkspaceSummary[]>('GET', `${v1}/workspaces`, { signal }),
    get: (workspaceId: string, signal?: AbortSignal) => request<Workspace>('GET', workspacePath(workspaceId), { signal }),
    create: (body: CreateWorkspaceRequest) => request<Workspace>('POST', `${v1}/workspaces`, { json: body }),
    remove: (workspaceId: string) => request<void>('DELETE', workspacePath(workspaceId)),
    start: (workspaceId: string) => request<Workspace>('POST', workspacePath(workspaceId, '/start')),
    stop: (workspaceId: string) => request<Workspace>('POST', workspacePath(workspaceId, '/stop')),
    stats: (workspaceId: string) => request<WorkspaceStats>('GET', workspacePath(workspaceId, '/stats')),
    logs: (workspaceId: string, tail: number) => request<LogEntry[]>('GET', workspacePath(workspaceId, `/logs?tail=${tail}`)),
    files: (workspaceId: string, path: string) =>
      request<FileEntry[]>('GET', workspacePath(workspaceId, `/files?path=${id(path)}`)),
    fileContent: (workspaceId: string, path: string, signal?: AbortSignal): Promise<BinaryResponse> =>
      requestBinary(workspacePath(workspaceId, `/files/content?path=${id(path)}`), signal),
    createFile: (workspaceId: string, path: string, kind: 'file' | 'directory') =>
      request<FileEntry>('POST', workspacePath(workspaceId, '/files'), { json: { path, kind } }),
    moveFile: (workspaceId: string, from: string, to: string) =>
      request<void>('POST', workspacePath(workspaceId, '/files/move'), { json: { from, to } }),
    deleteFile: (workspaceId: string, path: string) => request<void>('DELETE', workspacePath(workspaceId, `/files?path=${id(path)}`)),
    /** Writes each file at its path relative to `folder` (folders included), replacing files that exist. */
    uploadFiles: (workspaceId: string, folder: string, files: readonly UploadFile[]) => {
      const form = new FormData();
      for (const { path, file } of files) {
        form.append('file', file, path);
      }
      return request<{ paths: string[] }>('POST', workspacePath(workspaceId, `/files/upload?path=${id(folder)}`), { form });
    },
    /** A folder ('' for the whole workspace) as a zip archive. */
    archive: (workspaceId: string, folder: string): Promise<BinaryResponse> =>
      requestBinary(workspacePath(workspaceId, `/files/archive?path=${id(folder)}`)),
    /** The ports processes in the running workspace listen on (409 while it is not running). */
    ports: (workspaceId: string) => request<PreviewPort[]>('GET', workspacePath(workspaceId, '/ports')),
    /** A link that opens the port's preview for the signed-in user. */
    previewLink: (workspaceId: string, port: number) => request<PreviewLink>('POST', workspacePath(workspaceId, `/ports/${port}/preview`)),
    /** Makes a port's preview public (anyone with the link) or private again; only the owner (Admin) may. */
    setPortPublic: (workspaceId: string, port: number, isPublic: boolean) =>
      request<void>(isPublic ? 'PUT' : 'DELETE', workspacePath(workspaceId, `/ports/${port}/public`)),
    agent: (workspaceId: string) => request<AgentProviderStatus>('GET', workspacePath(workspaceId, '/agent')),
    /** Moves the workspace into a team (null: back to its owner alone); only its owner may. */
    move: (workspaceId: string, teamId: string | null) => request<Workspace>('PUT', workspacePath(workspaceId, '/team'), { json: { teamId } }),
  },

  teams: {
    list: (signal?: AbortSignal) => request<Team[]>('GET', `${v1}/teams`, { signal }),
    get: (teamId: string, signal?: AbortSignal) => request<Team>('GET', teamPath(teamId), { signal }),
    create: (name: string) => request<Team>('POST', `${v1}/teams`, { json: { name } }),
    remove: (teamId: string) => request<void>('DELETE', teamPath(teamId)),
    members: (teamId: string, signal?: AbortSignal) => request<TeamMember[]>('GET', teamPath(teamId, '/members'), { signal }),
    setRole: (teamId: string, userId: string, role: TeamRole) =>
      request<void>('PUT', teamPath(teamId, `/members/${id(userId)}`), { json: { role } }),
    removeMember: (teamId: string, userId: string) => request<void>('DELETE', teamPath(teamId, `/members/${id(userId)}`)),
    invitations: (teamId: string) => request<Invitation[]>('GET', teamPath(teamId, '/invitations')),
    invite: (teamId: string, email: string, role: TeamRole) =>
      request<CreatedInvitation>('POST', teamPath(teamId, '/invitations'), { json: { email, role } }),
    revokeInvitation: (teamId: string, invitationId: string) =>
      request<void>('DELETE', teamPath(teamId, `/invitations/${id(invitationId)}`)),
  },

  invitations: {
    /** What an invitation link invites to (no sign-in needed). */
    get: (token: string) => request<PendingInvitation>('GET', `${v1}/invitations/${id(token)}`, { anonymous: true }),
    /** The invitations waiting for the signed-in user's email. */
    mine: (signal?: AbortSignal) => request<PendingInvitation[]>('GET', `${v1}/invitations`, { signal }),
    /** Joins the team of an invitation link; the team as the new member sees it. */
    accept: (token: string) => request<Team>('POST', `${v1}/invitations/${id(token)}/accept`),
    /** Joins the team of one of the user's own invitations. */
    acceptMine: (invitationId: string) => request<Team>('POST', `${v1}/invitations/${id(invitationId)}/accept`),
    declineMine: (invitationId: string) => request<void>('POST', `${v1}/invitations/${id(invitationId)}/decline`),
  },

  admin: {
    users: (search?: string) => request<AdminUser[]>('GET', `${v1}/admin/users${query({ q: search })}`),
    updateUser: (userId: string, change: { disabled?: boolean; isAdmin?: boolean }) =>
      request<AdminUser>('PATCH', `${v1}/admin/users/${id(userId)}`, { json: change }),
    passwordResetLink: (userId: string) => request<PasswordResetLink>('POST', `${v1}/admin/users/${id(userId)}/password-reset`),
    settings: () => request<AdminSettings>('GET', `${v1}/admin/settings`),
    updateSettings: (change: { signUp?: SignUpPolicy; allowedAgentEndpoints?: string[] }) =>
      request<AdminSettings>('PUT', `${v1}/admin/settings`, { json: change }),
    /** Sets the HttpOnly cookie that lets this browser open Orleans' cluster dashboard (it carries no access token there). */
    openClusterDashboard: () => request<ClusterDashboardSession>('POST', `${v1}/admin/cluster-session`),
    audit: (filter: AuditFilter, before?: string) =>
      request<AuditPage>('GET', `${v1}/audit${query({ ...filter, before, limit: '50' })}`),
  },
};
