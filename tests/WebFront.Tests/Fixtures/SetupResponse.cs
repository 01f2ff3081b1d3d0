namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>The body of GET /api/v1/setup.</summary>
public sealed record SetupResponse(bool NeedsFirstAccount, string SignUp, bool Email);
