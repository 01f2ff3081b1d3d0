namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>An account as GET /api/v1/admin/users shows it.</summary>
public sealed record AdminUserResponse(Guid Id, string Email, string DisplayName, bool IsAdmin, bool Disabled, DateTimeOffset CreatedAt);
