namespace Vibe.E2E.Tests.Fixtures;

/// <summary>A running team workspace, its owner and the second person of the team, as <see cref="TestWorkspaces.StartSharedAsync"/> arranged them.</summary>
/// <param name="Owner">The workspace's owner, through the API.</param>
/// <param name="OwnerEmail">The owner's e-mail, to sign in in the browser.</param>
/// <param name="Member">The other person of the team, through the API.</param>
/// <param name="MemberEmail">The other person's e-mail, to sign in in the browser.</param>
/// <param name="Workspace">The workspace, Running.</param>
internal sealed record SharedWorkspace(ApiUser Owner, string OwnerEmail, ApiUser Member, string MemberEmail, WorkspaceInfo Workspace);
