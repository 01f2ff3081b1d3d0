using System.Diagnostics;
using Docker.DotNet.Models;
using Vibe.Docker.Runtime;

namespace Vibe.Grains.Tests;

/// <summary>
/// What a process inside a workspace can and cannot do, checked from inside the running container. The checks run on
/// created containers (<see cref="WorkspaceHardeningTests"/>) and on containers adopted from the warm pool (<see cref="WarmPoolHardeningTests"/>).
/// </summary>
public abstract class WorkspaceHardeningChecks(WorkspaceSiloFixture fixture)
{
    protected static readonly WorkspaceLimits SmallLimits = new(NanoCpus: 500_000_000, MemoryBytes: 64L * 1024 * 1024, PidsLimit: 64);

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);

    protected WorkspaceSilo Silo => fixture.Silo;

    /// <summary>Creates and starts a workspace for one check.</summary>
    protected virtual async Task<IWorkspaceGrain> StartWorkspaceAsync(WorkspaceSpec spec, string? id = null)
    {
        var workspace = await Silo.CreateAsync(spec, id);
        await workspace.Start();
        return workspace;
    }

    [Fact]
    public async Task A_workspace_without_network_has_only_loopback_and_cannot_reach_the_internet()
    {
        var workspace = await StartWorkspaceAsync(WorkspaceSilo.Spec(limits: SmallLimits));

        var links = await workspace.Exec(["ip", "-o", "link"], CommandTimeout);
        Assert.Equal(0, links.ExitCode);
        var link = Assert.Single(links.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(": lo:", link, StringComparison.Ordinal);

        var wget = await workspace.Exec(["timeout", "3", "wget", "-q", "-O", "/dev/null", "http://example.com"], CommandTimeout);
        Assert.NotEqual(0, wget.ExitCode);
        Assert.False(wget.TimedOut);
    }

    [Fact]
    public async Task An_internal_workspace_has_an_internal_network_of_its_own_with_no_route_out()
    {
        var workspace = await StartWorkspaceAsync(WorkspaceSilo.Spec(limits: SmallLimits, network: WorkspaceNetworkPolicy.Internal));

        var interfaces = await workspace.Exec(["ls", "/sys/class/net"], CommandTimeout);
        Assert.Equal(["eth0", "lo"], interfaces.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var wget = await workspace.Exec(["timeout", "3", "wget", "-q", "-O", "/dev/null", "http://1.1.1.1"], CommandTimeout);
        Assert.NotEqual(0, wget.ExitCode);

        var labels = new Dictionary<string, bool> { [$"{ContainerLabels.Workspace}={workspace.GetPrimaryKeyString()}"] = true, [$"{TestRun.Label}={TestRun.Id}"] = true };
        var container = Assert.Single(await Silo.Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } }));
        var network = await Silo.Docker.Networks.InspectNetworkAsync(container.HostConfig!.NetworkMode!);
        Assert.True(network.Internal);
        Assert.Equal(container.Labels![ContainerLabels.Network], network.Name);
        Assert.Equal([container.ID], network.Containers!.Keys);
    }

    [Fact]
    public async Task Processes_run_as_the_workspace_user_with_no_capabilities()
    {
        var workspace = await StartWorkspaceAsync(WorkspaceSilo.Spec(limits: SmallLimits));

        var caps = await workspace.Exec(["grep", "CapEff", "/proc/self/status"], CommandTimeout);
        Assert.Equal("CapEff:\t0000000000000000\n", caps.Stdout);
        var id = await workspace.Exec(["id", "-u"], CommandTimeout);
        Assert.Equal("64000\n", id.Stdout);
        var noNewPrivileges = await workspace.Exec(["grep", "NoNewPrivs", "/proc/self/status"], CommandTimeout);
        Assert.Equal("NoNewPrivs:\t1\n", noNewPrivileges.Stdout);
    }

    [Fact]
    public async Task Only_workspace_and_tmp_are_writable_and_workspace_files_belong_to_the_workspace_user()
    {
        var workspace = await StartWorkspaceAsync(WorkspaceSilo.Spec(limits: SmallLimits));
        var id = (await workspace.GetInfo()).Id;

        foreach (var path in new[] { "/escape", "/etc/escape", "/bin/escape" })
        {
            var denied = await workspace.Exec(["touch", path], CommandTimeout);
            Assert.NotEqual(0, denied.ExitCode);
            Assert.Contains("Read-only file system", denied.Stderr, StringComparison.Ordinal);
        }

        var writable = await workspace.Exec(["sh", "-c", "echo ok > /workspace/from-inside && echo tmp > /tmp/scratch && cat /tmp/scratch"], CommandTimeout);
        Assert.Equal(0, writable.ExitCode);
        Assert.Equal("tmp\n", writable.Stdout);

        var hostFile = Path.Combine(Silo.Root, id, "from-inside");
        Assert.Equal("ok\n", await File.ReadAllTextAsync(hostFile));
        if (Environment.IsPrivilegedProcess)
        {
            // Only root can give the directory to the workspace uid; otherwise it is made world-writable instead.
            Assert.Equal("64000:64000", await OwnerOfAsync(hostFile));
            Assert.Equal("64000:64000", await OwnerOfAsync(Path.Combine(Silo.Root, id)));
        }

        var tmpIsCapped = await workspace.Exec(["sh", "-c", "head -c 20m /dev/zero > /tmp/big"], CommandTimeout);
        Assert.NotEqual(0, tmpIsCapped.ExitCode);
        var written = await workspace.Exec(["sh", "-c", "wc -c < /tmp/big"], CommandTimeout);
        Assert.InRange(long.Parse(written.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture), 0, 16L * 1024 * 1024);
    }

    [Fact]
    public async Task A_fork_bomb_is_stopped_by_the_pids_limit_and_the_silo_stays_healthy()
    {
        var workspace = await StartWorkspaceAsync(WorkspaceSilo.Spec(limits: SmallLimits));
        var bystander = await StartWorkspaceAsync(WorkspaceSilo.Spec(limits: SmallLimits));

        // busybox ash refuses ':' as a function name, so the classic :(){ :|:& };: is spelled with a named function.
        var started = Stopwatch.GetTimestamp();
        var bomb = await workspace.Exec(["sh", "-c", "bomb(){ bomb|bomb& }; bomb; wait"], TimeSpan.FromSeconds(10));

        Assert.True(bomb.TimedOut || bomb.Stderr.Contains("can't fork", StringComparison.Ordinal), $"stderr: {bomb.Stderr}");
        Assert.InRange(Stopwatch.GetElapsedTime(started), TimeSpan.Zero, TimeSpan.FromSeconds(12));

        // The silo answers at once and other workspaces work while the bomb's leftovers (if any) are held at the limit.
        var info = await workspace.GetInfo();
        Assert.Equal(WorkspaceStatus.Running, info.Status);
        Assert.Equal("alive\n", (await bystander.Exec(["echo", "alive"], CommandTimeout)).Stdout);
        Assert.InRange((await workspace.GetStats()).Pids, 1UL, 64UL);

        Assert.Equal(WorkspaceStatus.Stopped, (await workspace.Stop()).Status);
        Assert.Equal(WorkspaceStatus.Running, (await workspace.Start()).Status);
        Assert.Equal("ready\n", (await workspace.Exec(["echo", "ready"], CommandTimeout)).Stdout);
    }

    [Fact]
    public async Task A_memory_hog_is_oom_killed_and_the_workspace_reports_it()
    {
        var id = TestRun.NewWorkspaceId();
        await using var statuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, id);
        var workspace = await StartWorkspaceAsync(WorkspaceSilo.Spec(limits: SmallLimits), id);

        var hog = await workspace.Exec(["sh", "-c", "head -c 300m /dev/zero | tail"], TimeSpan.FromSeconds(20));

        Assert.Equal(137, hog.ExitCode);
        await statuses.WaitForAsync(e => e.OomKilled, "a status event reporting the OOM kill");
        var info = await workspace.GetInfo();
        Assert.True(info.OomKilled);
        Assert.NotNull(info.LastOomAt);

        // Only the hog died: the workspace still runs and says so.
        Assert.Equal(WorkspaceStatus.Running, info.Status);
        Assert.Equal("still here\n", (await workspace.Exec(["echo", "still here"], CommandTimeout)).Stdout);
    }

    private static async Task<string> OwnerOfAsync(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var output = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return output.Trim();
    }
}
