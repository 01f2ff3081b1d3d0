namespace Vibe.WebFront.Teams;

/// <summary>A member's role in a team; each role may do what the ones after it may.</summary>
public enum TeamRole
{
    /// <summary>Everything, including deleting the team and making or demoting owners.</summary>
    Owner = 0,

    /// <summary>Manages members (except owners) and invitations, renames the team, reads its audit log.</summary>
    Admin = 1,

    /// <summary>Works in the team's workspaces.</summary>
    Member = 2,

    /// <summary>Sees the team and its workspaces, read-only.</summary>
    Viewer = 3,
}
