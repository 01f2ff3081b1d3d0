using System.Net;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>
/// PUT /api/v1/workspaces/{id}/team: only the workspace's owner moves it, into a team they write in (or back to themselves
/// alone); the new team's members then see it by their role and the old team's no longer do. Everyone else gets 403 or 404.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceMoveTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private WorkspaceTestApp? _app;

    private WorkspaceTestApp App => _app!;

    public async Task InitializeAsync() => _app = await WorkspaceTestApp.SharedAsync(fixture, nameof(WorkspaceMoveTests));

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_owner_moves_a_personal_workspace_into_a_team_whose_members_then_see_it_by_their_role()
    {
        var owner = await App.RegisterAsync();
        var admin = await App.RegisterAsync();
        var member = await App.RegisterAsync();
        var viewer = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner, (admin, "admin"), (member, "member"), (viewer, "viewer"));
        var id = await App.CreateWorkspaceAsync(owner, name: "personal first");
        Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(member, HttpMethod.Get, $"/api/v1/workspaces/{id}")).Status);

        var moved = await App.CallAsync(owner, HttpMethod.Put, Path(id), new { teamId });

        Assert.Equal(teamId, moved.GetProperty("teamId").GetGuid());
        Assert.Equal("admin", moved.GetProperty("permission").GetString());
        Assert.Equal("personal first", moved.GetProperty("name").GetString());
        foreach (var (user, permission) in new[] { (admin, "admin"), (member, "write"), (viewer, "read") })
        {
            Assert.Equal(permission, (await App.CallAsync(user, HttpMethod.Get, $"/api/v1/workspaces/{id}")).GetProperty("permission").GetString());
            Assert.Equal(teamId, (await App.ListedAsync(user, id)).GetProperty("teamId").GetGuid());
        }

        // Back to the owner alone: the team no longer sees it.
        var personal = await App.CallAsync(owner, HttpMethod.Put, Path(id), new { teamId = (Guid?)null });
        Assert.Equal(System.Text.Json.JsonValueKind.Null, personal.GetProperty("teamId").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(member, HttpMethod.Get, $"/api/v1/workspaces/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await App.SendAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{id}")).Status);
    }

    [Fact]
    public async Task Everyone_but_the_owner_is_refused_and_the_owner_only_into_a_team_they_write_in()
    {
        var installationAdmin = await App.RegisterAsync();
        var owner = await App.RegisterAsync();
        var admin = await App.RegisterAsync();
        var member = await App.RegisterAsync();
        var viewer = await App.RegisterAsync();
        var stranger = await App.RegisterAsync();
        var other = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner, (admin, "admin"), (member, "member"), (viewer, "viewer"));
        var id = await App.CreateWorkspaceAsync(owner, teamId);
        var strangersTeam = await App.CreateTeamAsync(stranger);
        var ownerViews = await App.CreateTeamAsync(other, (owner, "viewer"));
        var ownerWrites = await App.CreateTeamAsync(other, (owner, "member"));

        // Team admins and members of the workspace's team may see it but not move it; outsiders do not see it.
        foreach (var (user, expected) in new[]
        {
            (admin, HttpStatusCode.Forbidden),
            (member, HttpStatusCode.Forbidden),
            (viewer, HttpStatusCode.Forbidden),
            (stranger, HttpStatusCode.NotFound),
            (installationAdmin, HttpStatusCode.NotFound),
        })
        {
            var (status, body) = await App.SendAsync(user, HttpMethod.Put, Path(id), new { teamId = strangersTeam });
            Assert.Equal(expected, status);
            Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.SendAsync(null, HttpMethod.Put, Path(id), new { teamId = (Guid?)null })).Status);

        // The owner: not into a team they are not in, nor one where they only view, nor an unknown one.
        var (notMember, notMemberBody) = await App.SendAsync(owner, HttpMethod.Put, Path(id), new { teamId = strangersTeam });
        Assert.Equal(HttpStatusCode.NotFound, notMember);
        Assert.Contains("not a member", notMemberBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (viewerOnly, viewerOnlyBody) = await App.SendAsync(owner, HttpMethod.Put, Path(id), new { teamId = ownerViews });
        Assert.Equal(HttpStatusCode.Forbidden, viewerOnly);
        Assert.Contains("Viewers cannot", viewerOnlyBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(owner, HttpMethod.Put, Path(id), new { teamId = Guid.NewGuid() })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await App.SendAsync(owner, HttpMethod.Put, Path(id), new { teamId = "not-a-team" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(owner, HttpMethod.Put, Path("no-such-workspace"), new { teamId })).Status);

        // Nothing moved so far; then the owner moves it into the team they write in, and the first team loses it.
        Assert.Equal(HttpStatusCode.OK, (await App.SendAsync(member, HttpMethod.Get, $"/api/v1/workspaces/{id}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await App.SendAsync(owner, HttpMethod.Put, Path(id), new { teamId = ownerWrites })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(member, HttpMethod.Get, $"/api/v1/workspaces/{id}")).Status);
        Assert.Equal("admin", (await App.CallAsync(other, HttpMethod.Get, $"/api/v1/workspaces/{id}")).GetProperty("permission").GetString());
    }

    private static string Path(string workspaceId) => $"/api/v1/workspaces/{workspaceId}/team";
}
