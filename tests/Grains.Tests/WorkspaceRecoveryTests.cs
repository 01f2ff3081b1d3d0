using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;
using Vibe.Docker;
using Vibe.Docker.Runtime;

namespace Vibe.Grains.Tests;

/// <summary>
/// A silo can die between any two steps of a transition. These tests leave a workspace's recorded state and its container
/// disagreeing, as such a crash would, and check that the next activation settles it from what the engine says.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceRecoveryTests(WorkspaceRecoveryTests.Fixture fixture, StorageFixture databases) : IClassFixture<WorkspaceRecoveryTests.Fixture>
{
    private static readonly WorkspaceLimits Limits = new(500_000_000, 64L * 1024 * 1024, 64);

    private WorkspaceSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_silo_dying_between_container_started_and_state_written_is_repaired_by_the_next_activation()
    {
        var service = WorkspaceSilo.NewService();
        var storage = await databases.NewDatabaseAsync();
        GatedContainerRuntime? gated = null;
        await using var crashing = await WorkspaceSilo.StartAsync(
            configureServices: services => services.AddSingleton<IContainerRuntime>(sp => gated = new GatedContainerRuntime(new DockerContainerRuntime(
                sp.GetRequiredService<IDockerClient>(), sp.GetRequiredService<IOptions<ContainerRuntimeOptions>>().Value))),
            service: service,
            storage: storage);
        var id = TestRun.NewWorkspaceId();
        var containerId = (await crashing.Workspace(id).Create(WorkspaceSilo.Spec(limits: Limits))).ContainerId!;

        // The first silo starts the container, then freezes before it can record Running: as good as dead.
        var interruptedStart = crashing.Workspace(id).Start();
        await gated!.ContainerStarted.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True((await crashing.Runtime.InspectAsync(containerId))!.Running);

        // Another cluster of the same service (as after the first silo was declared dead) activates the workspace from
        // PostgreSQL, where it is still Starting.
        await using (var successor = await WorkspaceSilo.StartAsync(service: service, storage: storage))
        {
            var repaired = await successor.Workspace(id).GetInfo();
            Assert.Equal(WorkspaceStatus.Running, repaired.Status);
            Assert.Equal(containerId, repaired.ContainerId);
            Assert.Equal("ready\n", (await successor.Workspace(id).Exec(["echo", "ready"], TimeSpan.FromSeconds(10))).Stdout);
            Assert.Equal(WorkspaceStatus.Stopped, (await successor.Workspace(id).Stop()).Status);

            // The frozen silo wakes up: its stale write is refused (ETag), never overwriting what the successor recorded.
            gated.OpenGate();
            var stale = await Assert.ThrowsAnyAsync<Exception>(() => interruptedStart);
            Assert.IsType<InconsistentStateException>(stale);
            Assert.Equal(WorkspaceStatus.Stopped, (await successor.Workspace(id).GetInfo()).Status);
            Assert.False((await successor.Runtime.InspectAsync(containerId))!.Running);
        }
    }

    [Fact]
    public async Task Recorded_starting_with_a_running_container_becomes_running()
    {
        var (id, container) = await RunContainerAsync(start: true);
        await SeedAsync(id, WorkspaceStatus.Starting, container);

        var info = await Silo.Workspace(id).GetInfo();

        Assert.Equal(WorkspaceStatus.Running, info.Status);
        Assert.Equal(container, info.ContainerId);
    }

    [Fact]
    public async Task Recorded_stopped_with_a_running_container_becomes_running_and_takes_a_quota_slot()
    {
        var (id, container) = await RunContainerAsync(start: true);
        await SeedAsync(id, WorkspaceStatus.Stopped, container, owner: "reconciled-owner");

        Assert.Equal(WorkspaceStatus.Running, (await Silo.Workspace(id).GetInfo()).Status);
        var quota = Silo.Grains.GetGrain<IWorkspaceQuotaGrain>("reconciled-owner");
        await Eventually.Until(async () => (await quota.GetReservations()).Contains(id), "the workspace to hold a quota slot");
    }

    [Fact]
    public async Task Recorded_stopping_with_a_running_container_finishes_the_stop()
    {
        var (id, container) = await RunContainerAsync(start: true);
        await SeedAsync(id, WorkspaceStatus.Stopping, container);

        var info = await Silo.Workspace(id).GetInfo();

        Assert.Equal(WorkspaceStatus.Stopped, info.Status);
        Assert.False((await Silo.Runtime.InspectAsync(container))!.Running);
    }

    [Fact]
    public async Task Recorded_running_with_the_container_gone_fails_and_the_next_start_makes_a_new_container()
    {
        // A container id the engine has never seen (removing a real one would send a die event that activates the grain first).
        var id = TestRun.NewWorkspaceId();
        var container = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        await SeedAsync(id, WorkspaceStatus.Running, container);

        var info = await Silo.Workspace(id).GetInfo();
        Assert.Equal(WorkspaceStatus.Failed, info.Status);
        Assert.Null(info.ContainerId);
        Assert.Contains("The container disappeared", info.LastError, StringComparison.Ordinal);

        var restarted = await Silo.Workspace(id).Start();
        Assert.Equal(WorkspaceStatus.Running, restarted.Status);
        Assert.NotEqual(container, restarted.ContainerId);
    }

    [Fact]
    public async Task Recorded_creating_with_a_named_container_adopts_it()
    {
        var (id, container) = await RunContainerAsync(start: false);
        await SeedAsync(id, WorkspaceStatus.Creating, containerId: null);

        var info = await Silo.Workspace(id).GetInfo();

        Assert.Equal(WorkspaceStatus.Stopped, info.Status);
        Assert.Equal(container, info.ContainerId);
        Assert.Equal(WorkspaceStatus.Running, (await Silo.Workspace(id).Start()).Status);
    }

    [Fact]
    public async Task The_orphan_sweeper_removes_containers_no_workspace_claims_and_keeps_the_others()
    {
        var owned = await Silo.CreateAsync(WorkspaceSilo.Spec(limits: Limits));
        var ownedInfo = await owned.GetInfo();
        var (_, unknownWorkspace) = await RunContainerAsync(start: true);
        var stale = await Silo.Runtime.CreateAsync(ContainerFor(ownedInfo.Id, $"{Silo.ServiceId}-{ownedInfo.Id}-stale"));

        var removed = await Silo.Sweeper.SweepAsync();

        Assert.Equivalent(new[] { unknownWorkspace, stale }, removed);
        Assert.Null(await Silo.Runtime.InspectAsync(unknownWorkspace));
        Assert.Null(await Silo.Runtime.InspectAsync(stale));
        Assert.NotNull(await Silo.Runtime.InspectAsync(ownedInfo.ContainerId!));
    }

    /// <summary>A container made the way the grain makes one (first generation), for a workspace the grain does not know yet.</summary>
    private async Task<(string WorkspaceId, string ContainerId)> RunContainerAsync(bool start)
    {
        var id = TestRun.NewWorkspaceId();
        var container = await Silo.Runtime.CreateAsync(ContainerFor(id, $"{Silo.ServiceId}-{id}-1"));
        if (start)
        {
            await Silo.Runtime.StartAsync(container);
        }

        return (id, container);
    }

    private ContainerSpec ContainerFor(string workspaceId, string name) => new()
    {
        WorkspaceId = workspaceId,
        Owner = "alice",
        Image = DockerContainerRuntime.ImageOf("blank"),
        Name = name,
        Limits = new ContainerLimits(Limits.NanoCpus, Limits.MemoryBytes, Limits.PidsLimit),
        WorkspaceDirectory = Path.Combine(Silo.Root, workspaceId),
    };

    /// <summary>Writes the state a crashed silo would have left, before anything activates the grain.</summary>
    private async Task SeedAsync(string id, WorkspaceStatus status, string? containerId, string owner = "alice")
    {
        var now = DateTimeOffset.UtcNow;
        var state = new WorkspaceState
        {
            Status = status,
            Spec = WorkspaceSilo.Spec(owner),
            Limits = Limits,
            ContainerName = $"{Silo.ServiceId}-{id}-1",
            ContainerId = containerId,
            ContainerGeneration = 1,
            CreatedAt = now,
            StatusChangedAt = now,
            LastActivityAt = now,
        };
        var storage = Silo.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        await storage.WriteStateAsync("workspace", Silo.Workspace(id).GetGrainId(), new GrainState<WorkspaceState>(state));
    }

    public sealed class Fixture : WorkspaceSiloFixture
    {
        protected override void Configure(WorkspaceOptions options) => options.OrphanGracePeriod = TimeSpan.Zero;
    }
}
