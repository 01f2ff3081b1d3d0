namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>A user as the API shows it.</summary>
public sealed record UserResponse(Guid Id, string Email, string DisplayName, bool IsAdmin);
