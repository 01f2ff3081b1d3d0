using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Tests;

[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceSettingsTests(WorkspaceSettingsTests.Fixture fixture) : IClassFixture<WorkspaceSettingsTests.Fixture>
{
    private WorkspaceSilo Silo => fixture.Silo;

    [Fact]
    public async Task New_limits_of_a_stopped_workspace_apply_to_a_new_container_and_the_files_stay()
    {
        var workspace = await Silo.CreateAsync();
        var before = await workspace.GetInfo();
        await workspace.WriteFile("notes.txt", Encoding.UTF8.GetBytes("kept"));
        var limits = new WorkspaceLimits(NanoCpus: 250_000_000, MemoryBytes: 96L * 1024 * 1024, PidsLimit: 64);

        var updated = await workspace.Update("renamed", limits);

        Assert.Equal("renamed", updated.Name);
        Assert.Equal(limits, updated.Limits);
        Assert.Null(updated.ContainerId);
        Assert.Null(await Silo.Runtime.InspectAsync(before.ContainerId!));
        var running = await workspace.Start();
        Assert.NotEqual(before.ContainerId, running.ContainerId);
        var host = (await Silo.Docker.Containers.InspectContainerAsync(running.ContainerId!)).HostConfig!;
        Assert.Equal(96L * 1024 * 1024, host.Memory);
        Assert.Equal(250_000_000, host.NanoCPUs);
        Assert.Equal(64, host.PidsLimit);
        Assert.Equal("kept", Encoding.UTF8.GetString(await workspace.ReadFile("notes.txt")));
    }

    [Fact]
    public async Task A_running_workspace_can_be_renamed_but_its_limits_change_only_once_stopped()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var containerId = (await workspace.GetInfo()).ContainerId;

        var refused = await Assert.ThrowsAsync<ConflictException>(() => workspace.Update(null, new WorkspaceLimits(500_000_000, 64L * 1024 * 1024, 64)));
        Assert.Contains("while it is running: stop it first", refused.Message, StringComparison.Ordinal);

        var renamed = await workspace.Update("still running", null);
        Assert.Equal("still running", renamed.Name);
        Assert.Equal(WorkspaceStatus.Running, renamed.Status);
        Assert.Equal(containerId, renamed.ContainerId);

        var badLimits = await Assert.ThrowsAsync<InvalidRequestException>(() => workspace.Update(null, new WorkspaceLimits(500_000_000, 1024, 64)));
        Assert.Contains("this installation allows 8 to 4096 MiB", badLimits.Message, StringComparison.Ordinal);
        var tooManyPids = await Assert.ThrowsAsync<InvalidRequestException>(() => workspace.Update(null, new WorkspaceLimits(500_000_000, 64L * 1024 * 1024, 4_194_304)));
        Assert.Contains("The process limit 4194304 is out of range: this installation allows 8 to 4096.", tooManyPids.Message, StringComparison.Ordinal);
        var badName = await Assert.ThrowsAsync<InvalidRequestException>(() => workspace.Update(" ", null));
        Assert.Contains("must be 1 to 200 characters", badName.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_persisted_change_goes_out_as_a_status_event_with_the_workspace_as_persisted()
    {
        var id = TestRun.NewWorkspaceId();
        await using var statuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, id);
        var workspace = Silo.Workspace(id);

        await workspace.Create(WorkspaceSilo.Spec());
        await workspace.Start();
        await workspace.Stop();
        await workspace.Update("after the stop", null);
        await workspace.Delete();

        // The rename is an event with an equal status: the index's projection copies the new name from its snapshot.
        WorkspaceStatus[] expected =
        [
            WorkspaceStatus.Creating, WorkspaceStatus.Stopped, WorkspaceStatus.Starting, WorkspaceStatus.Running,
            WorkspaceStatus.Stopping, WorkspaceStatus.Stopped, WorkspaceStatus.Stopped, WorkspaceStatus.Deleted,
        ];
        await Eventually.Until(() => statuses.Items.Count >= expected.Length, "the status events");
        var events = statuses.Items.Where(e => e.ImageBuild is null).ToList();
        Assert.Equal(expected, events.Select(e => e.Status));
        Assert.All(events, e => Assert.Equal(e.Status, e.Workspace!.Status));
        Assert.Equal(WorkspaceStatus.Stopped, events[6].Previous);
        Assert.Equal("after the stop", events[6].Workspace!.Name);
        Assert.NotNull(events[3].Workspace!.ContainerId);
    }

    public sealed class Fixture : WorkspaceSiloFixture;
}
