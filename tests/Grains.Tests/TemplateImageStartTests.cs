using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Docker.Images;
using Vibe.Docker.Runtime;

namespace Vibe.Grains.Tests;

/// <summary>
/// A workspace whose template image was never built: creating it answers at once, the first start answers Starting as soon as
/// it builds the image (a tiny template of the test's own, FROM the local vibe/blank), reports the build as Starting events,
/// then runs. A build that fails leaves the workspace Failed with a reason a user can act on, and its quota slot free. New workspaces begin with the template's starter project.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class TemplateImageStartTests(DockerFixture docker) : IAsyncLifetime
{
    private readonly string _tiny = $"test-tiny-{TestRun.Id}";
    private readonly string _broken = $"test-broken-{TestRun.Id}";
    private WorkspaceSilo? _silo;

    private WorkspaceSilo Silo => _silo!;

    public async Task InitializeAsync()
    {
        _silo = await WorkspaceSilo.StartAsync(configureServices: services => services.Configure<ContainerRuntimeOptions>(o =>
        {
            o.TemplateDockerfiles[_tiny] = $"FROM {BlankImage.Tag}\nRUN echo {TestRun.Id} > /built-by-test\nRUN sleep 1\nLABEL {TestRun.Label}={TestRun.Id}\n";
            o.TemplateDockerfiles[_broken] = $"FROM {BlankImage.Tag}\nRUN echo 'E: Unable to locate package nosuchpackage' && exit 100\n";
        }));
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        foreach (var template in new[] { _tiny, _broken })
        {
            try
            {
                await docker.Client.Images.DeleteImageAsync(DockerContainerRuntime.ImageOf(template), new ImageDeleteParameters { Force = true });
            }
            catch (DockerImageNotFoundException)
            {
                // Not built (the broken one never is).
            }
        }
    }

    [Fact]
    public async Task The_first_start_answers_once_the_build_is_under_way_then_the_workspace_runs()
    {
        var id = TestRun.NewWorkspaceId();
        var other = TestRun.NewWorkspaceId();
        await using var statuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, id);
        await using var otherStatuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, other);
        var spec = new WorkspaceSpec("alice", "tiny", _tiny, null, WorkspaceNetworkPolicy.None);

        var created = await Silo.Workspace(id).Create(spec);
        await Silo.Workspace(other).Create(spec with { Owner = "bob" });
        Assert.Equal(WorkspaceStatus.Stopped, created.Status);
        Assert.Null(created.ContainerId);

        // Both answer Starting without waiting for the build (so no call waits minutes on a silo), share one build, and both run.
        var started = await Task.WhenAll(Silo.Workspace(id).Start(), Silo.Workspace(other).Start());

        Assert.All(started, info => Assert.Equal(WorkspaceStatus.Starting, info.Status));
        Assert.Contains(id, await Silo.Grains.GetGrain<IWorkspaceQuotaGrain>("alice").GetReservations());
        Assert.True(await Silo.Workspace(id).HoldsQuotaSlot("alice"));
        await statuses.WaitForAsync(e => e.Status == WorkspaceStatus.Running, "the Running event");
        await otherStatuses.WaitForAsync(e => e.Status == WorkspaceStatus.Running, "the other workspace's Running event");
        Assert.Equal(new WorkspaceExecResult(0, $"{TestRun.Id}\n", "", false, false), await Silo.Workspace(id).Exec(["cat", "/built-by-test"], TimeSpan.FromSeconds(10)));
        var builds = statuses.Items.Where(e => e.ImageBuild is not null).ToList();
        Assert.Contains(builds, e => e.ImageBuild!.Stage.StartsWith("Step 2 of 4: RUN echo", StringComparison.Ordinal));
        Assert.All(builds, e => Assert.Equal((WorkspaceStatus.Starting, WorkspaceStatus.Starting, _tiny), (e.Status, e.Previous!.Value, e.ImageBuild!.Template)));
        var percents = builds.Select(e => e.ImageBuild!.Percent).ToList();
        Assert.Equal(percents.Order(), percents);
        var order = statuses.Items.Select(e => e.ImageBuild is null ? e.Status.ToString() : "build").Distinct().ToList();
        Assert.Equal(["Creating", "Stopped", "Starting", "build", "Running"], order);
    }

    [Fact]
    public async Task A_failed_build_fails_the_start_with_a_reason_a_user_can_act_on_and_frees_the_slot()
    {
        var id = TestRun.NewWorkspaceId();
        await using var statuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, id);
        var workspace = Silo.Workspace(id);
        await workspace.Create(new WorkspaceSpec("carol", "broken", _broken, null, WorkspaceNetworkPolicy.None));

        Assert.Equal(WorkspaceStatus.Starting, (await workspace.Start()).Status);

        await statuses.WaitForAsync(e => e.Status == WorkspaceStatus.Failed, "the Failed event");
        var failed = await workspace.GetInfo();
        Assert.Equal(WorkspaceStatus.Failed, failed.Status);
        Assert.Equal(
            "The template image could not be built: a package it needs is not in the package mirror. An administrator can check the mirror; the server log has the details.",
            failed.LastError);
        Assert.DoesNotContain(id, await Silo.Grains.GetGrain<IWorkspaceQuotaGrain>("carol").GetReservations());
        Assert.False(await workspace.HoldsQuotaSlot("carol"));
    }

    [Theory]
    [InlineData("node", new[] { "README.md", "package.json", "server.js" })]
    [InlineData("python", new[] { "README.md", "app.py" })]
    [InlineData("blank", new string[0])]
    public async Task A_new_workspace_begins_with_its_templates_starter_project(string template, string[] files)
    {
        var id = TestRun.NewWorkspaceId();
        await Silo.Workspace(id).Create(new WorkspaceSpec("dave", "starter", template, null, WorkspaceNetworkPolicy.None));

        var directory = Path.Combine(Silo.Root, id);
        Assert.Equal(files, Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        if (Environment.IsPrivilegedProcess && files.Length > 0)
        {
            // The container user owns them, so the workspace can edit them.
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                Assert.Equal("64000:64000", await FileOwner.OfAsync(file));
            }
        }

        await Silo.Workspace(id).Delete();
    }
}
