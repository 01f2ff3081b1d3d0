namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>A created invitation (with its token) or a pending one (without).</summary>
public sealed record InvitationResponse(Guid Id, string Email, string Role, DateTimeOffset ExpiresAt, string? Token, bool Emailed = false);
