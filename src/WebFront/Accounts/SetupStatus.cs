namespace Vibe.WebFront.Accounts;

/// <summary>The body of GET /api/v1/setup: whether no account exists yet (the first one created becomes the installation admin).</summary>
public sealed record SetupStatus(bool NeedsFirstAccount);
