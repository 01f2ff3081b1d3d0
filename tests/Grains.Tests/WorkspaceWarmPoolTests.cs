using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Docker.Runtime;
using ContainerSpec = Vibe.Docker.Runtime.ContainerSpec;

namespace Vibe.Grains.Tests;

/// <summary>
/// The warm pool: stopped, hardened containers made ahead per template and adopted by new workspaces with the default
/// limits; refilled in the background, left alone by the orphan sweeper, removed when the silo stops.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceWarmPoolTests(WorkspaceWarmPoolTests.Fixture fixture) : IClassFixture<WorkspaceWarmPoolTests.Fixture>
{
    private const int PoolSize = 2;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PoolTimeout = TimeSpan.FromSeconds(60);

    private WorkspaceSilo Silo => fixture.Silo;

    private WorkspaceWarmPool Pool => Silo.Services.GetRequiredService<WorkspaceWarmPool>();

    [Fact]
    public async Task A_new_workspace_adopts_a_pooled_container_whose_workspace_mount_is_its_directory_and_the_pool_refills()
    {
        var ready = await WaitForFullPoolAsync(Silo);
        var id = TestRun.NewWorkspaceId();

        var created = await Silo.Workspace(id).Create(WorkspaceSilo.Spec());

        Assert.Contains(created.ContainerId, ready.Select(c => c.Id));
        var container = (await Silo.Runtime.InspectAsync(created.ContainerId!))!;
        Assert.Equal($"{Silo.ServiceId}-{id}-1", container.Name);
        Assert.False(container.Running);

        // The bind still names the pool directory, which is now a symlink to the workspace's directory.
        var inspect = await Silo.Docker.Containers.InspectContainerAsync(created.ContainerId!);
        var source = Assert.Single(inspect.HostConfig!.Binds!).Split(':')[0];
        Assert.StartsWith(Path.Combine(Silo.Root, ".pool") + "/", source, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(Silo.Root, id), new DirectoryInfo(source).LinkTarget);

        var workspace = Silo.Workspace(id);
        await workspace.WriteFile("from-host.txt", "host\n"u8.ToArray());
        await workspace.Start();
        var read = await workspace.Exec(["sh", "-c", "cat /workspace/from-host.txt && echo inside > /workspace/from-inside.txt"], CommandTimeout);
        Assert.Equal("host\n", read.Stdout);
        Assert.Equal("inside\n", await File.ReadAllTextAsync(Path.Combine(Silo.Root, id, "from-inside.txt")));

        // Docker resolves the bind again on every start: a restart mounts the same files.
        await workspace.Restart();
        Assert.Equal("inside\n", (await workspace.Exec(["cat", "/workspace/from-inside.txt"], CommandTimeout)).Stdout);

        var refilled = await WaitForFullPoolAsync(Silo);
        Assert.DoesNotContain(created.ContainerId, refilled.Select(c => c.Id));
        Assert.Single(refilled, c => !ready.Select(r => r.Id).Contains(c.Id));
        await workspace.Delete();
    }

    [Fact]
    public async Task An_adopted_container_has_the_same_hardening_and_limits_as_a_created_one()
    {
        await WaitForFullPoolAsync(Silo);
        var adopted = await Silo.CreateAsync();
        var created = await Silo.CreateAsync(WorkspaceSilo.Spec(network: WorkspaceNetworkPolicy.Internal));

        var adoptedHost = (await Silo.Docker.Containers.InspectContainerAsync((await adopted.GetInfo()).ContainerId!)).HostConfig!;
        var createdInspect = await Silo.Docker.Containers.InspectContainerAsync((await created.GetInfo()).ContainerId!);
        var createdHost = createdInspect.HostConfig!;

        Assert.Equal(["ALL"], adoptedHost.CapDrop);
        Assert.Equal("none", adoptedHost.NetworkMode);
        Assert.Equal(Hardening(createdHost), Hardening(adoptedHost));
        var adoptedConfig = (await Silo.Docker.Containers.InspectContainerAsync((await adopted.GetInfo()).ContainerId!)).Config!;
        Assert.Equal(createdInspect.Config!.User, adoptedConfig.User);
        Assert.Equal("/workspace", adoptedConfig.WorkingDir);
        Assert.DoesNotContain(adoptedConfig.Env!, e => e.StartsWith("VIBE_WORKSPACE=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_orphan_sweeper_leaves_pool_and_adopted_containers_alone_and_removes_what_no_one_owns()
    {
        var ready = await WaitForFullPoolAsync(Silo);
        var owned = await Silo.CreateAsync();
        var ownedContainer = (await owned.GetInfo()).ContainerId!;
        await WaitForFullPoolAsync(Silo);

        // A container adopted for a workspace that does not exist (its state was lost), and the pool container of another
        // silo of the service, which only that silo's pool may remove.
        Assert.True(Pool.TryTake("blank", fixture.DefaultLimits, WorkspaceNetworkPolicy.None, out var taken));
        await Silo.Runtime.AdoptAsync(taken.ContainerId, taken.Directory, Path.Combine(Silo.Root, "ghost"), $"{Silo.ServiceId}-ghost-1");
        var othersName = $"{Silo.ServiceId}.pool.0ther5110.1";
        var others = await Silo.Docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = othersName,
            Image = DockerContainerRuntime.ImageOf("blank"),
            Labels = new Dictionary<string, string>
            {
                [ContainerLabels.Pool] = "blank",
                [ContainerLabels.PoolSlot] = othersName,
                [ContainerLabels.Service] = Silo.ServiceId,
                [ContainerLabels.Silo] = "another-silo",
                [TestRun.Label] = TestRun.Id,
            },
        });

        await WaitForFullPoolAsync(Silo);

        var removed = await Silo.Sweeper.SweepAsync();

        Assert.Equal([taken.ContainerId], removed);
        Assert.False(File.Exists(taken.Directory) || Directory.Exists(taken.Directory));
        Assert.NotNull(await Silo.Runtime.InspectAsync(ownedContainer));
        Assert.NotNull(await Silo.Runtime.InspectAsync(others.ID));
        foreach (var container in await WaitForFullPoolAsync(Silo))
        {
            Assert.NotNull(await Silo.Runtime.InspectAsync(container.Id));
            Assert.True(Directory.Exists(Path.Combine(Silo.Root, ".pool", container.Name)));
        }

        // Once its workspace is deleted, the adopted container's pool symlink is swept too.
        var ownedSlot = (await Silo.Docker.Containers.InspectContainerAsync(ownedContainer)).HostConfig!.Binds![0].Split(':')[0];
        await owned.Delete();
        Assert.NotNull(new FileInfo(ownedSlot).LinkTarget);
        await Silo.Sweeper.SweepAsync();
        Assert.Null(new FileInfo(ownedSlot).LinkTarget);
        Assert.Contains(ready, c => c.Id != taken.ContainerId);
    }

    [Fact]
    public async Task A_killed_adopted_container_is_seen_although_it_has_no_workspace_label()
    {
        await WaitForFullPoolAsync(Silo);
        var id = TestRun.NewWorkspaceId();
        await using var statuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, id);
        var workspace = await Silo.CreateAsync(id: id);
        var containerId = (await workspace.Start()).ContainerId!;
        Assert.False((await Silo.Runtime.InspectAsync(containerId))!.Labels.ContainsKey(ContainerLabels.Workspace));

        await Silo.Docker.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = "SIGKILL" });

        await statuses.WaitForAsync(e => e.Status == WorkspaceStatus.Failed, "the Failed status event");
        Assert.Equal(137, (await workspace.GetInfo()).ExitCode);
        Assert.Equal(WorkspaceStatus.Running, (await workspace.Start()).Status);
        Assert.Equal(containerId, (await workspace.GetInfo()).ContainerId);
    }

    [Fact]
    public async Task Workspaces_with_their_own_limits_or_a_network_get_a_created_container()
    {
        var ready = await WaitForFullPoolAsync(Silo);

        var ownLimits = await Silo.CreateAsync(WorkspaceSilo.Spec(limits: new WorkspaceLimits(250_000_000, 96L * 1024 * 1024, 77)));
        var networked = await Silo.CreateAsync(WorkspaceSilo.Spec(network: WorkspaceNetworkPolicy.Internal));

        foreach (var workspace in new[] { ownLimits, networked })
        {
            var container = (await Silo.Runtime.InspectAsync((await workspace.GetInfo()).ContainerId!))!;
            Assert.DoesNotContain(container.Id, ready.Select(c => c.Id));
            Assert.False(container.Labels.ContainsKey(ContainerLabels.Pool));
        }

        Assert.Equal(PoolSize, Pool.Available("blank"));
    }

    [Fact]
    public async Task Unused_pool_containers_are_removed_when_the_silo_stops_and_a_restarted_silo_removes_what_a_crashed_run_left()
    {
        var service = WorkspaceSilo.NewService();
        await using var first = await WorkspaceSilo.StartAsync(fixture.ConfigurePool, service: service);
        var ready = await WaitForFullPoolAsync(first);
        var adopted = TestRun.NewWorkspaceId();
        await first.CreateAsync(id: adopted);
        await WaitForFullPoolAsync(first);
        var unused = await PoolContainersAsync(first);

        // A pool container of an earlier run of this silo (same silo name, another pool instance) that crashed.
        var leftoverName = $"{service.ServiceId}.pool.dead0001.1";
        var leftoverDirectory = Path.Combine(service.Root, ".pool", leftoverName);
        var leftover = await first.Runtime.CreateAsync(new ContainerSpec
        {
            WorkspaceId = "",
            Owner = "",
            WarmPool = "blank",
            Image = DockerContainerRuntime.ImageOf("blank"),
            Name = leftoverName,
            Limits = new ContainerLimits(500_000_000, 64L * 1024 * 1024, 64),
            WorkspaceDirectory = leftoverDirectory,
            Labels = new Dictionary<string, string> { [ContainerLabels.PoolSlot] = leftoverName },
        });

        await first.StopAsync();

        foreach (var container in unused)
        {
            Assert.Null(await first.Runtime.InspectAsync(container.Id));
            Assert.False(Directory.Exists(Path.Combine(service.Root, ".pool", container.Name)));
        }

        var adoptedContainer = (await first.Runtime.ListByLabelAsync(ContainerLabels.Pool)).Single(c => !c.Name.StartsWith($"{service.ServiceId}.pool.", StringComparison.Ordinal));
        Assert.Equal($"{service.ServiceId}-{adopted}-1", adoptedContainer.Name);
        Assert.NotNull(await first.Runtime.InspectAsync(leftover));

        await using var restarted = await WorkspaceSilo.StartAsync(fixture.ConfigurePool, service: service);
        await WaitForFullPoolAsync(restarted);
        await Eventually.Until(async () => await restarted.Runtime.InspectAsync(leftover) is null, "the leftover pool container to be removed", PoolTimeout);
        Assert.False(Directory.Exists(leftoverDirectory));
        Assert.NotNull(await restarted.Runtime.InspectAsync(adoptedContainer.Id));
        Assert.DoesNotContain(await PoolContainersAsync(restarted), c => ready.Select(r => r.Id).Contains(c.Id));
    }

    private static async Task<IReadOnlyList<ContainerListing>> PoolContainersAsync(WorkspaceSilo silo) =>
        [.. (await silo.Runtime.ListByLabelAsync(ContainerLabels.Pool)).Where(c => c.Name.StartsWith($"{silo.ServiceId}.pool.", StringComparison.Ordinal))];

    /// <summary>Waits until the silo's pool is full and returns its ready containers (none of another silo's).</summary>
    private static async Task<IReadOnlyList<ContainerListing>> WaitForFullPoolAsync(WorkspaceSilo silo)
    {
        var pool = silo.Services.GetRequiredService<WorkspaceWarmPool>();
        await Eventually.Until(() => Task.FromResult(pool.Available("blank") == PoolSize), $"{PoolSize} containers in the warm pool", PoolTimeout);
        return [.. (await PoolContainersAsync(silo)).Where(c => c.Name.StartsWith(pool.InstancePrefix, StringComparison.Ordinal))];
    }

    private static string Hardening(HostConfig host) =>
        string.Join(
            " | ",
            string.Join(',', host.CapDrop ?? []),
            string.Join(',', host.SecurityOpt ?? []),
            host.PidsLimit,
            host.Memory,
            host.MemorySwap,
            host.NanoCPUs,
            host.ReadonlyRootfs,
            host.Init,
            string.Join(',', (host.Tmpfs ?? new Dictionary<string, string>()).Select(t => $"{t.Key}={t.Value}")));

    public sealed class Fixture : WorkspaceSiloFixture
    {
        public WorkspaceLimits DefaultLimits { get; } = new(NanoCpus: 500_000_000, MemoryBytes: 64L * 1024 * 1024, PidsLimit: 64);

        /// <summary>Pool of <see cref="PoolSize"/> for blank; no grace period, so the sweeper considers every container.</summary>
        public void ConfigurePool(WorkspaceOptions options)
        {
            options.DefaultLimits = DefaultLimits;
            options.WarmPool["blank"] = PoolSize;
            options.OrphanGracePeriod = TimeSpan.Zero;
        }

        protected override void Configure(WorkspaceOptions options) => ConfigurePool(options);
    }
}
