namespace Vibe.WebFront.Audit;

/// <summary>The actions the audit log records (the <c>action</c> column).</summary>
public static class AuditActions
{
    public const string Registered = "auth.register";
    public const string LoginSucceeded = "auth.login";
    public const string LoginFailed = "auth.login_failed";
    public const string Logout = "auth.logout";
    public const string RefreshTokenReused = "auth.refresh_token_reused";
    public const string PasswordChanged = "auth.password_changed";
    public const string PasswordReset = "auth.password_reset";
    public const string PasswordResetLinkCreated = "admin.password_reset_link";
    public const string UserDisabled = "admin.user.disable";
    public const string UserEnabled = "admin.user.enable";
    public const string AdminGranted = "admin.user.make_admin";
    public const string AdminRevoked = "admin.user.revoke_admin";
    public const string SettingsChanged = "admin.settings";

    public const string TeamCreated = "team.create";
    public const string TeamRenamed = "team.rename";
    public const string TeamDeleted = "team.delete";
    public const string MemberRoleChanged = "team.member.role_changed";
    public const string MemberRemoved = "team.member.removed";
    public const string MemberLeft = "team.member.left";
    public const string InvitationCreated = "team.invitation.create";
    public const string InvitationRevoked = "team.invitation.revoke";
    public const string InvitationAccepted = "team.invitation.accept";
    public const string InvitationDeclined = "team.invitation.decline";

    public const string WorkspaceCreated = "workspace.create";
    public const string WorkspaceStarted = "workspace.start";
    public const string WorkspaceStopped = "workspace.stop";
    public const string WorkspaceRestarted = "workspace.restart";
    public const string WorkspaceDeleted = "workspace.delete";
    public const string WorkspaceMoved = "workspace.move";
    public const string PreviewMadePublic = "workspace.preview.public";
    public const string PreviewMadePrivate = "workspace.preview.private";
}
