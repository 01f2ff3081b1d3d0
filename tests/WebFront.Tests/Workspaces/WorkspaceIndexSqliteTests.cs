using System.Net;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>The workspace index on SQLite, the embedded default: the same SQL must list and authorize there too.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceIndexSqliteTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task On_SQLite_workspaces_are_listed_with_their_permission_and_others_are_404()
    {
        await using var app = new WorkspaceTestApp(new WebFrontFactory(postgresConnectionString: null, docker: fixture.Docker));
        var owner = await app.RegisterAsync();
        var viewer = await app.RegisterAsync();
        var stranger = await app.RegisterAsync();
        var teamId = await app.CreateTeamAsync(owner, (viewer, "viewer"));
        var personal = await app.CreateWorkspaceAsync(owner, name: "mine");
        var shared = await app.CreateWorkspaceAsync(owner, teamId, "ours");

        var listed = await app.CallAsync(owner, HttpMethod.Get, "/api/v1/workspaces");
        Assert.Equal([shared, personal], listed.EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        Assert.Equal("read", (await app.ListedAsync(viewer, shared)).GetProperty("permission").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.SendAsync(viewer, HttpMethod.Post, $"/api/v1/workspaces/{shared}/stop")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(viewer, HttpMethod.Get, $"/api/v1/workspaces/{personal}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(stranger, HttpMethod.Get, $"/api/v1/workspaces/{shared}")).Status);

        var renamed = await app.CallAsync(owner, HttpMethod.Patch, $"/api/v1/workspaces/{shared}", new { name = "ours, renamed" });
        await app.ListedWhenAsync(viewer, shared, w => w.GetProperty("name").GetString() == "ours, renamed", "the viewer's listing to show the new name");
        Assert.Equal("admin", renamed.GetProperty("permission").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await app.SendAsync(owner, HttpMethod.Delete, $"/api/v1/workspaces/{personal}")).Status);
        Assert.Equal([shared], (await app.CallAsync(owner, HttpMethod.Get, "/api/v1/workspaces")).EnumerateArray().Select(w => w.GetProperty("id").GetString()));
    }
}
