using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Docker.Runtime;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>Workspaces through the API against the real Docker daemon: lifecycle, files, stats, logs, settings and the audit log.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceLifecycleApiTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private WorkspaceTestApp? _app;
    private TestUser? _user;

    private WorkspaceTestApp App => _app!;

    private TestUser User => _user!;

    public async Task InitializeAsync()
    {
        _app = await WorkspaceTestApp.SharedAsync(fixture, nameof(WorkspaceLifecycleApiTests));
        _user = await App.RegisterAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Exec_runs_a_command_in_the_running_workspace_and_answers_its_exit_code_and_output_apart()
    {
        var id = await App.CreateWorkspaceAsync(User, name: "exec");
        await App.CallAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/start");

        var result = await App.CallAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/exec", new { command = new[] { "sh", "-c", "echo out; echo err >&2; id -u; exit 5" } });
        Assert.Equal(5, result.GetProperty("exitCode").GetInt32());
        Assert.Equal("out\n64000\n", result.GetProperty("stdout").GetString());
        Assert.Equal("err\n", result.GetProperty("stderr").GetString());
        Assert.False(result.GetProperty("timedOut").GetBoolean());

        var timedOut = await App.CallAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/exec", new { command = new[] { "sleep", "5" }, timeoutSeconds = 0.5 });
        Assert.True(timedOut.GetProperty("timedOut").GetBoolean());

        var (empty, emptyProblem) = await App.SendAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/exec", new { command = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Contains("Give the command to run", emptyProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (tooLong, tooLongProblem) = await App.SendAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/exec", new { command = new[] { "true" }, timeoutSeconds = 3600 });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        Assert.Contains("The timeout must be more than 0 and at most", tooLongProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workspace_is_created_started_worked_in_stopped_and_deleted_through_the_API()
    {
        var created = await App.CallAsync(User, HttpMethod.Post, "/api/v1/workspaces", new { name = "round trip", template = "blank", limits = new { cpus = 0.5, memoryMb = 96, pids = 64 } });
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("stopped", created.GetProperty("status").GetString());
        Assert.Equal("admin", created.GetProperty("permission").GetString());
        Assert.Equal(0.5, created.GetProperty("limits").GetProperty("cpus").GetDouble());
        Assert.Equal(96, created.GetProperty("limits").GetProperty("memoryMb").GetInt64());
        Assert.Equal(96L * 1024 * 1024, created.GetProperty("memoryLimitBytes").GetInt64());
        Assert.Equal("none", created.GetProperty("network").GetString());

        var started = await App.CallAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/start");
        Assert.Equal("running", started.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(started.GetProperty("containerId").GetString()));
        await App.ListedWithStatusAsync(User, id, "running");

        Assert.Equal(HttpStatusCode.NoContent, await App.WriteFileAsync(User, id, "src/hello.txt", "hello from the api\n"u8.ToArray()));
        var (status, contentType, content) = await App.ReadFileAsync(User, id, "src/hello.txt");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain; charset=utf-8", contentType);
        Assert.Equal("hello from the api\n", Encoding.UTF8.GetString(content));
        Assert.Equal(HttpStatusCode.NoContent, await App.WriteFileAsync(User, id, "data.bin", [0, 1, 2, 255]));
        Assert.Equal("application/octet-stream", (await App.ReadFileAsync(User, id, "data.bin")).ContentType);
        var root = await App.CallAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/files");
        var src = root.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "src");
        Assert.Equal("directory", src.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await App.SendAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/files/move", new { from = "src/hello.txt", to = "docs/hello.txt" })).Status);
        var docs = await App.CallAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/files?path=docs");
        Assert.Equal(19, docs.EnumerateArray().Single().GetProperty("size").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, (await App.SendAsync(User, HttpMethod.Delete, $"/api/v1/workspaces/{id}/files?path=docs")).Status);
        Assert.DoesNotContain(
            "docs",
            (await App.CallAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/files")).EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        var stats = await App.CallAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/stats");
        Assert.Equal(96L * 1024 * 1024, stats.GetProperty("memoryLimitBytes").GetInt64());
        Assert.InRange(stats.GetProperty("memoryBytes").GetInt64(), 1, 96L * 1024 * 1024);
        Assert.InRange(stats.GetProperty("pids").GetInt64(), 1, 64);
        var logs = await App.CallAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/logs?tail=50");
        var ready = logs.EnumerateArray().Single(l => l.GetProperty("text").GetString() == $"vibe workspace {id} ready");
        Assert.Equal("stdout", ready.GetProperty("stream").GetString());

        var (limitsWhileRunning, problem) = await App.SendAsync(User, HttpMethod.Patch, $"/api/v1/workspaces/{id}", new { limits = new { memoryMb = 128 } });
        Assert.Equal(HttpStatusCode.Conflict, limitsWhileRunning);
        Assert.Contains("stop it first", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var stopped = await App.CallAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/stop");
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        var listed = await App.ListedWithStatusAsync(User, id, "stopped");
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("memoryBytes").ValueKind);
        var (statsWhenStopped, statsProblem) = await App.SendAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}/stats");
        Assert.Equal(HttpStatusCode.Conflict, statsWhenStopped);
        Assert.Contains("not running. Start it first.", statsProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var updated = await App.CallAsync(User, HttpMethod.Patch, $"/api/v1/workspaces/{id}", new { name = "renamed", limits = new { memoryMb = 128 } });
        Assert.Equal("renamed", updated.GetProperty("name").GetString());
        Assert.Equal(128, updated.GetProperty("limits").GetProperty("memoryMb").GetInt64());
        Assert.Equal(0.5, updated.GetProperty("limits").GetProperty("cpus").GetDouble());
        await App.ListedWhenAsync(User, id, w => w.GetProperty("name").GetString() == "renamed", "the listing to show the new name");

        Assert.Equal(HttpStatusCode.NoContent, (await App.SendAsync(User, HttpMethod.Delete, $"/api/v1/workspaces/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(User, HttpMethod.Get, $"/api/v1/workspaces/{id}")).Status);
        Assert.Equal(JsonValueKind.Undefined, (await App.ListedAsync(User, id)).ValueKind);
        Assert.Empty(await App.Factory.Services.GetRequiredService<IContainerRuntime>().ListByLabelAsync(ContainerLabels.Workspace, id));
    }

    [Fact]
    public async Task A_team_with_workspaces_cannot_be_deleted_until_they_are_gone()
    {
        var teamId = await App.CreateTeamAsync(User);
        var workspace = await App.CreateWorkspaceAsync(User, teamId);

        var (refused, problem) = await App.SendAsync(User, HttpMethod.Delete, $"/api/v1/teams/{teamId}");

        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("still has workspaces", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await App.ListedWithStatusAsync(User, workspace, "stopped");

        Assert.Equal(HttpStatusCode.NoContent, (await App.SendAsync(User, HttpMethod.Delete, $"/api/v1/workspaces/{workspace}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await App.SendAsync(User, HttpMethod.Delete, $"/api/v1/teams/{teamId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(User, HttpMethod.Get, $"/api/v1/teams/{teamId}")).Status);
    }

    [Fact]
    public async Task Starting_more_workspaces_than_the_owners_quota_is_409_saying_which_ones_run()
    {
        await using var app = await WorkspaceTestApp.StartAsync(fixture, new Dictionary<string, string?> { ["Vibe:Workspaces:MaxRunningWorkspacesPerOwner"] = "1" });
        var user = await app.RegisterAsync();
        var first = await app.CreateWorkspaceAsync(user);
        var second = await app.CreateWorkspaceAsync(user);
        await app.CallAsync(user, HttpMethod.Post, $"/api/v1/workspaces/{first}/start");

        var (status, problem) = await app.SendAsync(user, HttpMethod.Post, $"/api/v1/workspaces/{second}/start");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Too many running workspaces", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains($"already runs 1 of at most 1 workspaces ({first})", detail, StringComparison.Ordinal);
        Assert.Contains("Stop one of them first.", detail, StringComparison.Ordinal);
        await app.ListedWithStatusAsync(user, second, "stopped");
    }

    [Fact]
    public async Task Lifecycle_calls_of_a_team_workspace_are_in_the_teams_audit_log()
    {
        var admin = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(User, (admin, "admin"));
        var id = await App.CreateWorkspaceAsync(admin, teamId);
        await App.CallAsync(admin, HttpMethod.Post, $"/api/v1/workspaces/{id}/start");
        await App.CallAsync(User, HttpMethod.Post, $"/api/v1/workspaces/{id}/restart");
        await App.CallAsync(admin, HttpMethod.Post, $"/api/v1/workspaces/{id}/stop");
        Assert.Equal(HttpStatusCode.NoContent, (await App.SendAsync(User, HttpMethod.Delete, $"/api/v1/workspaces/{id}")).Status);

        var audit = await App.CallAsync(User, HttpMethod.Get, $"/api/v1/teams/{teamId}/audit");
        var entries = audit.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("workspaceId").GetString() == id)
            .Select(e => (Action: e.GetProperty("action").GetString(), Actor: e.GetProperty("actorId").GetGuid()))
            .Reverse()
            .ToList();
        Assert.Equal(
            [("workspace.create", admin.Id), ("workspace.start", admin.Id), ("workspace.restart", User.Id), ("workspace.stop", admin.Id), ("workspace.delete", User.Id)],
            entries);
    }
}
