namespace Vibe.WebFront.Teams;

/// <summary>The body of PUT /api/v1/teams/{teamId}/members/{userId}: the new role (owner, admin, member or viewer).</summary>
public sealed record ChangeRoleRequest(string? Role);
