namespace Vibe.WebFront.Teams;

/// <summary>
/// A new invitation with its token: the invitee opens /invite/{token} (or, once signed in with the invited email, finds
/// it on the Teams page). The token is not shown again.
/// </summary>
/// <param name="Emailed">Whether the link was sent to the invited address (Vibe:Email is configured).</param>
public sealed record CreatedInvitation(Guid Id, string Email, TeamRole Role, DateTimeOffset ExpiresAt, string Token, bool Emailed);
