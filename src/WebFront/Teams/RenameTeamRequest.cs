namespace Vibe.WebFront.Teams;

/// <summary>The body of PATCH /api/v1/teams/{teamId}.</summary>
public sealed record RenameTeamRequest(string? Name);
