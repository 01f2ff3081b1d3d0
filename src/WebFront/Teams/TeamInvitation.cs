namespace Vibe.WebFront.Teams;

/// <summary>A pending invitation (the token is shown only once, when it is created).</summary>
public sealed record TeamInvitation(Guid Id, string Email, TeamRole Role, Guid? InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
