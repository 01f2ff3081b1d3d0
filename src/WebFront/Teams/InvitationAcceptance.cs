namespace Vibe.WebFront.Teams;

/// <summary>What accepting an invitation did.</summary>
internal enum InvitationAcceptance
{
    Accepted,

    /// <summary>No pending invitation has this token: unknown, expired, revoked or used.</summary>
    NotFound,

    /// <summary>The invitation was sent to another email address than the signed-in user's.</summary>
    OtherEmail,

    AlreadyMember,
}
