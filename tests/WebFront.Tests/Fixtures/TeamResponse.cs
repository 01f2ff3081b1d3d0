namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>A team as the API shows it to a member.</summary>
public sealed record TeamResponse(Guid Id, string Name, string Role, int MemberCount, DateTimeOffset CreatedAt);
