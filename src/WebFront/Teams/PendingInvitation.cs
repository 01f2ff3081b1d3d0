namespace Vibe.WebFront.Teams;

/// <summary>An invitation as the invitee sees it: the team, who invited, the role, until when it can be accepted.</summary>
/// <param name="InvitedBy">The inviter's display name; null when that account is gone.</param>
/// <param name="InvitedByInstallationAdmin">Whether an installation admin invited (such invitations also create accounts when sign-up is closed).</param>
public sealed record PendingInvitation(
    Guid Id, Guid TeamId, string TeamName, string Email, TeamRole Role, string? InvitedBy, bool InvitedByInstallationAdmin, DateTimeOffset ExpiresAt);
