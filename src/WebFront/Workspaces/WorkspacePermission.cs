using Vibe.WebFront.Web;

namespace Vibe.WebFront.Workspaces;

/// <summary>What a user may do in a workspace; each level includes the ones before it.</summary>
public enum WorkspacePermission
{
    /// <summary>The user cannot see the workspace: the API answers 404, as for one that does not exist.</summary>
    [NeverSent]
    None = 0,

    /// <summary>See files, logs and terminals.</summary>
    Read = 1,

    /// <summary>Edit files, type in terminals, run the agent.</summary>
    Write = 2,

    /// <summary>Start, stop, delete, change settings.</summary>
    Admin = 3,
}
