namespace Vibe.WebFront.Teams;

/// <summary>What <see cref="TeamStore.ChangeMemberAsync"/> did.</summary>
internal enum MembershipChange
{
    Done,
    NotMember,

    /// <summary>Refused: the member is the team's only owner.</summary>
    LastOwner,
}
