namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>A team member as the API shows it.</summary>
public sealed record TeamMemberResponse(Guid UserId, string Email, string DisplayName, string Role, DateTimeOffset JoinedAt);
