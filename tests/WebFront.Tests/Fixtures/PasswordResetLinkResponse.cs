namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>The body of POST /api/v1/admin/users/{id}/password-reset.</summary>
public sealed record PasswordResetLinkResponse(string Path, Uri? Link, DateTimeOffset ExpiresAt, bool Emailed);
