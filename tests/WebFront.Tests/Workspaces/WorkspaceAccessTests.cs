using System.Net;
using System.Text.Json;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>
/// Who may do what with a workspace: every workspace endpoint against every kind of caller (team owner, team admin,
/// member, viewer, stranger, the installation admin, anonymous). Someone who cannot see a workspace gets 404, someone who
/// sees it without the level an endpoint needs gets 403, anonymous callers 401.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceAccessTests(SharedServer server) : IClassFixture<SharedServer>, IAsyncLifetime
{
    private WorkspaceTestApp? _app;

    private WorkspaceTestApp App => _app!;

    public Task InitializeAsync()
    {
        _app = WorkspaceTestApp.Shared(server);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_endpoint_of_a_team_workspace_answers_each_role_as_its_permission_allows()
    {
        var installationAdmin = await App.RegisterAsync(); // the first account
        var owner = await App.RegisterAsync();
        var admin = await App.RegisterAsync();
        var member = await App.RegisterAsync();
        var viewer = await App.RegisterAsync();
        var stranger = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner, (admin, "admin"), (member, "member"), (viewer, "viewer"));
        var id = await App.CreateWorkspaceAsync(owner, teamId);
        Assert.Equal(HttpStatusCode.NoContent, await App.WriteFileAsync(owner, id, "readme.txt", "hello"u8.ToArray()));

        Caller[] callers =
        [
            new("team owner", owner, Level.Admin),
            new("team admin", admin, Level.Admin),
            new("member", member, Level.Write),
            new("viewer", viewer, Level.Read),
            new("stranger", stranger, Level.None),
            new("installation admin", installationAdmin, Level.None),
            new("anonymous", null, Level.Anonymous),
        ];

        // What each endpoint needs and answers when allowed (stats and exec: 409, the workspace is not running).
        Endpoint[] endpoints =
        [
            new("GET workspace", Level.Read, HttpStatusCode.OK, c => Send(c, HttpMethod.Get, $"/api/v1/workspaces/{id}")),
            new("GET stats", Level.Read, HttpStatusCode.Conflict, c => Send(c, HttpMethod.Get, $"/api/v1/workspaces/{id}/stats")),
            new("GET logs", Level.Read, HttpStatusCode.OK, c => Send(c, HttpMethod.Get, $"/api/v1/workspaces/{id}/logs?tail=10")),
            new("GET files", Level.Read, HttpStatusCode.OK, c => Send(c, HttpMethod.Get, $"/api/v1/workspaces/{id}/files")),
            new("GET file content", Level.Read, HttpStatusCode.OK, c => Send(c, HttpMethod.Get, WorkspaceTestApp.FileContentPath(id, "readme.txt"))),
            new("PUT file content", Level.Write, HttpStatusCode.NoContent, async c => await App.WriteFileAsync(c.User, id, $"by-{c.Slug}.txt", "x"u8.ToArray())),
            new("POST files/move", Level.Write, HttpStatusCode.NoContent, async c =>
            {
                await App.WriteFileAsync(owner, id, $"move-{c.Slug}", "x"u8.ToArray());
                return await Send(c, HttpMethod.Post, $"/api/v1/workspaces/{id}/files/move", new { from = $"move-{c.Slug}", to = $"moved/{c.Slug}" });
            }),
            new("DELETE file", Level.Write, HttpStatusCode.NoContent, async c =>
            {
                await App.WriteFileAsync(owner, id, $"delete-{c.Slug}", "x"u8.ToArray());
                return await Send(c, HttpMethod.Delete, $"/api/v1/workspaces/{id}/files?path=delete-{c.Slug}");
            }),
            new("POST exec", Level.Write, HttpStatusCode.Conflict, c => Send(c, HttpMethod.Post, $"/api/v1/workspaces/{id}/exec", new { command = new[] { "true" } })),
            new("POST files (new file)", Level.Write, HttpStatusCode.Created, c => Send(c, HttpMethod.Post, $"/api/v1/workspaces/{id}/files", new { path = $"new-{c.Slug}.txt", kind = "file" })),
            new("POST files/upload", Level.Write, HttpStatusCode.OK, async c =>
            {
                using var form = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", $"uploaded-{c.Slug}.txt" } };
                return (await App.SendAsync(c.User, HttpMethod.Post, $"/api/v1/workspaces/{id}/files/upload", form)).Status;
            }),
            new("GET files/archive", Level.Read, HttpStatusCode.OK, c => Send(c, HttpMethod.Get, $"/api/v1/workspaces/{id}/files/archive")),
            new("PATCH workspace", Level.Admin, HttpStatusCode.OK, c => Send(c, HttpMethod.Patch, $"/api/v1/workspaces/{id}", new { name = $"renamed by {c.Slug}" })),
            new("POST stop", Level.Admin, HttpStatusCode.OK, c => Send(c, HttpMethod.Post, $"/api/v1/workspaces/{id}/stop")),
        ];

        var mismatches = new List<string>();
        foreach (var endpoint in endpoints)
        {
            foreach (var caller in callers)
            {
                var expected = caller.Expects(endpoint.Needs, endpoint.Allowed);
                var actual = await endpoint.Call(caller);
                if (actual != expected)
                {
                    mismatches.Add($"{endpoint.Name} as {caller.Name}: expected {(int)expected}, got {(int)actual}");
                }
            }
        }

        // Start, restart and delete change the workspace: first every caller who must be refused, then the admins.
        Endpoint[] lifecycle =
        [
            new("POST start", Level.Admin, HttpStatusCode.OK, c => Send(c, HttpMethod.Post, $"/api/v1/workspaces/{id}/start")),
            new("POST restart", Level.Admin, HttpStatusCode.OK, c => Send(c, HttpMethod.Post, $"/api/v1/workspaces/{id}/restart")),
            new("DELETE workspace", Level.Admin, HttpStatusCode.NoContent, c => Send(c, HttpMethod.Delete, $"/api/v1/workspaces/{id}")),
        ];
        foreach (var endpoint in lifecycle)
        {
            foreach (var caller in callers.Where(c => c.Level < Level.Admin))
            {
                var actual = await endpoint.Call(caller);
                if (actual != caller.Expects(endpoint.Needs, endpoint.Allowed))
                {
                    mismatches.Add($"{endpoint.Name} as {caller.Name}: expected {(int)caller.Expects(endpoint.Needs, endpoint.Allowed)}, got {(int)actual}");
                }
            }
        }

        Assert.Empty(mismatches);
        Assert.Equal(HttpStatusCode.OK, await lifecycle[0].Call(callers[1]));
        Assert.Equal(HttpStatusCode.OK, await lifecycle[1].Call(callers[0]));
        Assert.Equal(HttpStatusCode.OK, await Send(callers[0], HttpMethod.Post, $"/api/v1/workspaces/{id}/stop"));
        Assert.Equal(HttpStatusCode.NoContent, await lifecycle[2].Call(callers[1]));
        foreach (var caller in callers.Take(4))
        {
            Assert.Equal(HttpStatusCode.NotFound, await Send(caller, HttpMethod.Get, $"/api/v1/workspaces/{id}"));
        }
    }

    [Fact]
    public async Task Listings_show_each_caller_the_workspaces_they_can_see_with_their_permission()
    {
        var installationAdmin = await App.RegisterAsync();
        var owner = await App.RegisterAsync();
        var member = await App.RegisterAsync();
        var viewer = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner, (member, "member"), (viewer, "viewer"));
        var teamWorkspace = await App.CreateWorkspaceAsync(owner, teamId, "team work");
        var ownersOwn = await App.CreateWorkspaceAsync(owner, name: "owner's own");
        var membersOwn = await App.CreateWorkspaceAsync(member, name: "member's own");

        Assert.Equal(Sorted((ownersOwn, "admin"), (teamWorkspace, "admin")), await ListingAsync(owner));
        Assert.Equal(Sorted((membersOwn, "admin"), (teamWorkspace, "write")), await ListingAsync(member));
        Assert.Equal(Sorted((teamWorkspace, "read")), await ListingAsync(viewer));
        Assert.Empty(await ListingAsync(installationAdmin));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.SendAsync(null, HttpMethod.Get, "/api/v1/workspaces")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.SendAsync(null, HttpMethod.Get, "/api/v1/templates")).Status);

        var listed = await App.ListedWithStatusAsync(member, teamWorkspace, "stopped");
        Assert.Equal("team work", listed.GetProperty("name").GetString());
        Assert.Equal("blank", listed.GetProperty("template").GetString());
        Assert.Equal(owner.Id, listed.GetProperty("ownerId").GetGuid());
        Assert.Equal(teamId, listed.GetProperty("teamId").GetGuid());
        Assert.Equal(JsonValueKind.Null, (await App.ListedAsync(viewer, teamWorkspace)).GetProperty("ownerId").ValueKind);
    }

    [Fact]
    public async Task A_personal_workspace_is_its_owners_alone_and_a_team_member_who_creates_one_gets_the_member_level()
    {
        var installationAdmin = await App.RegisterAsync();
        var owner = await App.RegisterAsync();
        var member = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner, (member, "member"));
        var personal = await App.CreateWorkspaceAsync(member, name: "private");

        foreach (var outsider in new[] { owner, installationAdmin })
        {
            var (status, problem) = await App.SendAsync(outsider, HttpMethod.Get, $"/api/v1/workspaces/{personal}");
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal($"Workspace '{personal}' was not found.", problem.GetProperty("detail").GetString());
            Assert.Equal(HttpStatusCode.NotFound, await App.WriteFileAsync(outsider, personal, "x.txt", "x"u8.ToArray()));
            Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(outsider, HttpMethod.Delete, $"/api/v1/workspaces/{personal}")).Status);
        }

        Assert.Equal(HttpStatusCode.OK, (await App.SendAsync(member, HttpMethod.Patch, $"/api/v1/workspaces/{personal}", new { name = "still mine" })).Status);

        // In a team, the creator's rights come from their role, not from having created it.
        var created = await App.CallAsync(member, HttpMethod.Post, "/api/v1/workspaces", new { name = "by a member", template = "blank", teamId });
        Assert.Equal("write", created.GetProperty("permission").GetString());
        var teamWorkspace = created.GetProperty("id").GetString()!;
        var (refused, detail) = await App.SendAsync(member, HttpMethod.Delete, $"/api/v1/workspaces/{teamWorkspace}");
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal($"This needs admin access to workspace '{teamWorkspace}'; you have write access.", detail.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await App.SendAsync(owner, HttpMethod.Delete, $"/api/v1/workspaces/{teamWorkspace}")).Status);
    }

    /// <summary>The caller's listing as (id, permission), ordered by id.</summary>
    private async Task<List<(string Id, string Permission)>> ListingAsync(TestUser user)
    {
        var list = await App.CallAsync(user, HttpMethod.Get, "/api/v1/workspaces");
        return Sorted([.. list.EnumerateArray().Select(w => (w.GetProperty("id").GetString()!, w.GetProperty("permission").GetString()!))]);
    }

    private static List<(string Id, string Permission)> Sorted(params (string Id, string Permission)[] items) =>
        [.. items.OrderBy(w => w.Id, StringComparer.Ordinal)];

    private async Task<HttpStatusCode> Send(Caller caller, HttpMethod method, string path, object? json = null) =>
        (await App.SendAsync(caller.User, method, path, json)).Status;

    private enum Level
    {
        Anonymous,
        None,
        Read,
        Write,
        Admin,
    }

    private sealed record Caller(string Name, TestUser? User, Level Level)
    {
        public string Slug => Name.Replace(' ', '-');

        public HttpStatusCode Expects(Level needs, HttpStatusCode allowed) => Level switch
        {
            Level.Anonymous => HttpStatusCode.Unauthorized,
            Level.None => HttpStatusCode.NotFound,
            _ when Level < needs => HttpStatusCode.Forbidden,
            _ => allowed,
        };
    }

    private sealed record Endpoint(string Name, Level Needs, HttpStatusCode Allowed, Func<Caller, Task<HttpStatusCode>> Call);
}
