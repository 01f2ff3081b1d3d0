namespace Vibe.WebFront.Teams;

/// <summary>The body of POST /api/v1/teams.</summary>
public sealed record CreateTeamRequest(string? Name);
