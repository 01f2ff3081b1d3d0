using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Vibe.Docker;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// A workspace of a template whose image was never built (a tiny template of the test's own, configured under Vibe:Templates):
/// the create call answers at once instead of 503, the template list offers it with its starter line, and the start's build
/// reaches hub watchers as Starting events with the build's stage and percent, then Running.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class TemplateBuildHubTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private readonly string _template = $"hub-tiny-{Guid.NewGuid().ToString("N")[..10]}";
    private readonly string _directory = Directory.CreateTempSubdirectory("vibe-hub-template-").FullName;
    private HubTestApp? _app;

    private HubTestApp App => _app!;

    public async Task InitializeAsync()
    {
        var dockerfile = Path.Combine(_directory, "Dockerfile");
        await File.WriteAllTextAsync(dockerfile, $"FROM vibe/blank:latest\nRUN echo {_template} > /template-name\nRUN sleep 1\nLABEL io.vibe.tests.hub={_template}\n");
        _app = await HubTestApp.StartAsync(fixture, new Dictionary<string, string?>
        {
            [$"Vibe:Templates:{_template}:Name"] = "Tiny",
            [$"Vibe:Templates:{_template}:Description"] = "busybox for a test",
            [$"Vibe:Templates:{_template}:Starter"] = "Starts empty.",
            [$"Vibe:Templates:{_template}:DockerfilePath"] = dockerfile,
        });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        using var docker = DockerEngine.Connect();
        try
        {
            await docker.Images.DeleteImageAsync($"vibe/{_template}:latest", new ImageDeleteParameters { Force = true });
        }
        catch (DockerImageNotFoundException)
        {
            // The test failed before building it.
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Starting_a_workspace_of_an_unbuilt_template_sends_the_builds_progress_then_running()
    {
        var owner = await App.Factory.RegisterAsync();
        var templates = await App.Rest.CallAsync(owner, HttpMethod.Get, "/api/v1/templates");
        var offered = templates.EnumerateArray().Single(t => t.GetProperty("id").GetString() == _template);
        Assert.Equal("Starts empty.", offered.GetProperty("starter").GetString());
        Assert.Contains(templates.EnumerateArray(), t => t.GetProperty("id").GetString() == "node" && t.GetProperty("starter").GetString()!.Contains("npm run dev", StringComparison.Ordinal));

        var created = await App.Rest.CallAsync(owner, HttpMethod.Post, "/api/v1/workspaces", new { name = "tiny", template = _template });
        var workspaceId = created.GetProperty("id").GetString()!;
        Assert.Equal("stopped", created.GetProperty("status").GetString());
        await App.ConnectAsync("watcher", owner);
        await App.Client.InvokeAsync("watcher", "JoinWorkspace", workspaceId);

        await App.StartWorkspaceAsync(owner, workspaceId);

        var step = await App.Client.WaitForAsync(e => IsBuild(e, workspaceId) && e.Arg.GetProperty("imageBuild").GetProperty("stage").GetString()!.StartsWith("Step 2 of 4: RUN echo", StringComparison.Ordinal), "a build step event");
        Assert.Equal("starting", step.Arg.GetProperty("status").GetString());
        Assert.Equal(_template, step.Arg.GetProperty("imageBuild").GetProperty("template").GetString());
        Assert.InRange(step.Arg.GetProperty("imageBuild").GetProperty("percent").GetInt32(), 1, 99);
        var running = await App.Client.WaitForAsync(e => e.Is("status", "watcher") && e.Arg.GetProperty("workspaceId").GetString() == workspaceId && e.Arg.GetProperty("status").GetString() == "running", "the Running event");
        Assert.Equal(JsonValueKind.Null, running.Arg.GetProperty("imageBuild").ValueKind);
    }

    private static bool IsBuild(HubClientEvent e, string workspaceId) =>
        e.Is("status", "watcher") && e.Arg.GetProperty("workspaceId").GetString() == workspaceId && e.Arg.TryGetProperty("imageBuild", out var build) && build.ValueKind == JsonValueKind.Object;
}
