namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>An invitation as the invitee sees it.</summary>
public sealed record PendingInvitationResponse(Guid Id, Guid TeamId, string TeamName, string Email, string Role, string? InvitedBy, bool InvitedByInstallationAdmin, DateTimeOffset ExpiresAt);
