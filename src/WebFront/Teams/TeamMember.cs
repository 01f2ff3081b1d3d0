namespace Vibe.WebFront.Teams;

/// <summary>A member of a team.</summary>
public sealed record TeamMember(Guid UserId, string Email, string DisplayName, TeamRole Role, DateTimeOffset JoinedAt);
