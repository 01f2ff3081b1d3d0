namespace Vibe.WebFront.Teams;

/// <summary>A team as its members see it, with the caller's role.</summary>
public sealed record TeamSummary(Guid Id, string Name, TeamRole Role, int MemberCount, DateTimeOffset CreatedAt);
