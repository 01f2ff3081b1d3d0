namespace Vibe.WebFront.Teams;

/// <summary>A new invitation with its token: give the token to the invitee, who accepts it at POST /api/v1/invitations/{token}/accept while signed in with the invited email. It is not shown again.</summary>
public sealed record CreatedInvitation(Guid Id, string Email, string Role, DateTimeOffset ExpiresAt, string Token);
