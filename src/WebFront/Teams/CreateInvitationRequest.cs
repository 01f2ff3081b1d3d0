namespace Vibe.WebFront.Teams;

/// <summary>The body of POST /api/v1/teams/{teamId}/invitations: whom to invite (by email) and with which role.</summary>
public sealed record CreateInvitationRequest(string? Email, string? Role);
