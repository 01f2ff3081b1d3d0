using Vibe.TestSupport;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// The arranging steps the browser scenarios share: unique accounts, a workspace started through the API and awaited
/// until Running, and a team workspace its owner shares with a second person.
/// </summary>
internal static class TestWorkspaces
{
    /// <summary>How long a workspace's container may take to start on a loaded machine.</summary>
    private static readonly TimeSpan s_containerTimeout = TimeSpan.FromMinutes(2);

    /// <summary>An e-mail address no other scenario uses, starting with <paramref name="who"/>.</summary>
    public static string UniqueEmail(string who) => $"{who}-{Guid.NewGuid().ToString("N")[..8]}@example.com";

    /// <summary>Creates a blank workspace (in <paramref name="teamId"/> when given), starts it and returns it once it is Running.</summary>
    public static async Task<WorkspaceInfo> CreateRunningAsync(ApiUser user, string name, Guid? teamId = null)
    {
        var workspace = await user.CreateWorkspaceAsync(name, "blank", teamId, start: true);
        await WaitUntilRunningAsync(user, workspace.Id);
        return workspace;
    }

    /// <summary>
    /// Waits until the workspace is Running (for <paramref name="timeout"/>, two minutes by default); fails at once with its
    /// error when it failed to start.
    /// </summary>
    public static async Task WaitUntilRunningAsync(ApiUser user, string workspaceId, TimeSpan? timeout = null)
    {
        await Eventually.Until(
            async () =>
            {
                var workspace = await user.GetWorkspaceAsync(workspaceId);
                return workspace.Status == "failed"
                    ? throw new InvalidOperationException($"Workspace {workspaceId} failed to start: {workspace.Error}")
                    : workspace.Status == "running";
            },
            $"workspace {workspaceId} to be Running",
            timeout ?? s_containerTimeout);
    }

    /// <summary>
    /// Registers Olga Owner and a second person (<paramref name="memberWho"/>, <paramref name="memberName"/>), who joins
    /// Olga's new team <paramref name="teamName"/> as <paramref name="memberRole"/>, and starts the team's workspace
    /// <paramref name="workspaceName"/>; returns once it is Running.
    /// </summary>
    public static async Task<SharedWorkspace> StartSharedAsync(
        IBrowserApp app, string teamName, string workspaceName, string memberWho, string memberName, string memberRole)
    {
        var ownerEmail = UniqueEmail("owner");
        var memberEmail = UniqueEmail(memberWho);
        var owner = await app.Api.RegisterAsync(ownerEmail, Ui.Password, "Olga Owner");
        var member = await app.Api.RegisterAsync(memberEmail, Ui.Password, memberName);
        var team = await owner.CreateTeamAsync(teamName);
        await member.AcceptInvitationAsync(await owner.InviteAsync(team.Id, memberEmail, memberRole));
        var workspace = await CreateRunningAsync(owner, workspaceName, team.Id);
        return new SharedWorkspace(owner, ownerEmail, member, memberEmail, workspace);
    }
}
