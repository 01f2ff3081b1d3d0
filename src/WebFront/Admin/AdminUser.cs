namespace Vibe.WebFront.Admin;

/// <summary>An account as the installation admin sees it.</summary>
public sealed record AdminUser(Guid Id, string Email, string DisplayName, bool IsAdmin, bool Disabled, DateTimeOffset CreatedAt);
