using System.Net;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>
/// What one account may take of the host: limits within the operator's Vibe:Workspaces:MaxLimits, a cap on workspaces
/// per user and per team, a per-user rate limit on creating and starting, and team members who cannot ask at create time
/// for what only an admin may do afterwards (issue 18, items 2 and 3).
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceAbuseLimitsTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private const int MaxPerUser = 2;
    private const int MaxPerTeam = 2;
    private const int PermitLimit = 8;

    private WorkspaceTestApp? _app;

    private WorkspaceTestApp App => _app!;

    public async Task InitializeAsync() => _app = await WorkspaceTestApp.StartAsync(fixture, new Dictionary<string, string?>
    {
        ["Vibe:Workspaces:MaxLimits:NanoCpus"] = "1000000000",
        ["Vibe:Workspaces:MaxLimits:MemoryBytes"] = (2048L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Vibe:Workspaces:MaxLimits:PidsLimit"] = "600",
        ["Vibe:Workspaces:MaxWorkspacesPerUser"] = MaxPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Vibe:Workspaces:MaxWorkspacesPerTeam"] = MaxPerTeam.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Vibe:Workspaces:RateLimit:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Vibe:Workspaces:RateLimit:Window"] = "01:00:00",
        ["Vibe:Workspaces:DiskQuotaBytes"] = "1048576",
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Limits_above_the_operators_maxima_are_refused_naming_the_allowed_range()
    {
        var user = await App.RegisterAsync();

        foreach (var (limits, field, message) in new (object, string, string)[]
        {
            (new { memoryMb = 1024L * 1024 }, "limits.memoryMb", "The memory limit must be between 8 and 2048 MiB"),
            (new { pids = 4_194_304 }, "limits.pids", "The process limit must be between 8 and 600"),
            (new { cpus = 1.5 }, "limits.cpus", "The CPU limit must be between 0.01 and 1"),
        })
        {
            var (status, problem) = await App.SendAsync(user, HttpMethod.Post, "/api/v1/workspaces", new { name = "greedy", template = "blank", limits });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.StartsWith(message, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Empty((await App.CallAsync(user, HttpMethod.Get, "/api/v1/workspaces")).EnumerateArray());
        var id = await App.CreateWorkspaceAsync(user);
        var (updated, updateProblem) = await App.SendAsync(user, HttpMethod.Patch, $"/api/v1/workspaces/{id}", new { limits = new { memoryMb = 4096 } });
        Assert.Equal(HttpStatusCode.BadRequest, updated);
        Assert.StartsWith("The memory limit must be between 8 and 2048 MiB", updateProblem.GetProperty("errors").GetProperty("limits.memoryMb")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1024, (await App.CallAsync(user, HttpMethod.Get, $"/api/v1/workspaces/{id}")).GetProperty("limits").GetProperty("memoryMb").GetInt64());
    }

    [Fact]
    public async Task A_user_and_a_team_have_at_most_their_number_of_workspaces()
    {
        var owner = await App.RegisterAsync();
        var member = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner, (member, "member"));
        var first = await App.CreateWorkspaceAsync(owner, teamId);
        await App.CreateWorkspaceAsync(owner);

        var (refused, problem) = await App.SendAsync(owner, HttpMethod.Post, "/api/v1/workspaces", new { name = "one too many", template = "blank" });
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal($"You have reached the limit of {MaxPerUser} workspaces; delete one you no longer need first.", problem.GetProperty("detail").GetString());
        Assert.Equal(2, (await App.CallAsync(owner, HttpMethod.Get, "/api/v1/workspaces")).GetArrayLength());

        // Deleting one frees its place.
        await App.CallAsync(owner, HttpMethod.Delete, $"/api/v1/workspaces/{first}");
        await App.CreateWorkspaceAsync(owner, teamId);

        await App.CreateWorkspaceAsync(member, teamId);
        var (teamFull, teamProblem) = await App.SendAsync(member, HttpMethod.Post, "/api/v1/workspaces", new { name = "team's fourth", template = "blank", teamId });
        Assert.Equal(HttpStatusCode.Conflict, teamFull);
        Assert.Equal($"This team has reached its limit of {MaxPerTeam} workspaces; a team admin can delete one it no longer needs.", teamProblem.GetProperty("detail").GetString());
        Assert.Equal(MaxPerTeam, (await App.CallAsync(member, HttpMethod.Get, "/api/v1/workspaces")).GetArrayLength());
    }

    [Fact]
    public async Task Creating_and_starting_are_rate_limited_per_user()
    {
        var hasty = await App.RegisterAsync();
        var other = await App.RegisterAsync();
        var id = await App.CreateWorkspaceAsync(hasty);
        for (var i = 1; i < PermitLimit; i++)
        {
            // Refused by the handler (no such workspace), yet each counts against the user's permits.
            Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(hasty, HttpMethod.Post, "/api/v1/workspaces/nosuchworkspace1/start")).Status);
        }

        var (limited, problem) = await App.SendAsync(hasty, HttpMethod.Post, $"/api/v1/workspaces/{id}/start");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited);
        Assert.StartsWith("You created or started too many workspaces in a short time; try again in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await App.SendAsync(hasty, HttpMethod.Post, "/api/v1/workspaces", new { name = "x", template = "blank" })).Status);
        Assert.Equal("stopped", (await App.CallAsync(hasty, HttpMethod.Get, $"/api/v1/workspaces/{id}")).GetProperty("status").GetString());

        // Another user has permits of their own.
        Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(other, HttpMethod.Post, "/api/v1/workspaces/nosuchworkspace1/start")).Status);
    }

    [Fact]
    public async Task A_workspace_whose_files_exceed_the_disk_quota_does_not_start_and_says_why()
    {
        var user = await App.RegisterAsync();
        var id = await App.CreateWorkspaceAsync(user);
        Assert.Equal(HttpStatusCode.NoContent, await App.WriteFileAsync(user, id, "big.bin", new byte[1024 * 1024 + 1]));

        var (status, problem) = await App.SendAsync(user, HttpMethod.Post, $"/api/v1/workspaces/{id}/start");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(
            "The workspace's files take more than its disk quota of 1 MiB, so it cannot run; delete files (the file panel still works) and start it again.",
            problem.GetProperty("detail").GetString());
        Assert.Equal("stopped", (await App.CallAsync(user, HttpMethod.Get, $"/api/v1/workspaces/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_team_member_cannot_create_with_limits_network_or_start_what_only_an_admin_may_change()
    {
        var owner = await App.RegisterAsync();
        var member = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner, (member, "member"));

        foreach (var (body, words) in new (object, string)[]
        {
            (new { name = "big", template = "blank", teamId, limits = new { memoryMb = 512 } }, "with its own limits"),
            (new { name = "online", template = "blank", teamId, network = "internet" }, "with network access (internet)"),
            (new { name = "running", template = "blank", teamId, start = true }, "and start it at once (start: true)"),
        })
        {
            var (status, problem) = await App.SendAsync(member, HttpMethod.Post, "/api/v1/workspaces", body);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal($"Only a team owner or admin can create a team workspace {words}; leave that out, or ask one of them.", problem.GetProperty("detail").GetString());
        }

        Assert.Empty((await App.CallAsync(member, HttpMethod.Get, "/api/v1/workspaces")).EnumerateArray());
        var plain = await App.CallAsync(member, HttpMethod.Post, "/api/v1/workspaces", new { name = "plain", template = "blank", teamId, network = "none" });
        Assert.Equal("none", plain.GetProperty("network").GetString());
        // The API writes enums in camelCase and still reads them in any case ("Internet", as clients sent before).
        var byOwner = await App.CallAsync(owner, HttpMethod.Post, "/api/v1/workspaces", new { name = "tuned", template = "blank", teamId, network = "Internet", limits = new { memoryMb = 256 } });
        Assert.Equal((256L, "internet"), (byOwner.GetProperty("limits").GetProperty("memoryMb").GetInt64(), byOwner.GetProperty("network").GetString()));
    }
}
