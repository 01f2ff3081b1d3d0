using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class ContainerStatsAndEventTests(DockerFixture docker)
{
    private DockerContainerRuntime Runtime => docker.Runtime;

    [Fact]
    public async Task Stats_report_memory_against_the_limit_cpu_and_processes()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Spec(["sh", "-c", "while :; do :; done"]), timeout.Token);

        var stats = await Runtime.StatsAsync(id, timeout.Token);

        Assert.InRange(stats.MemoryUsedBytes, 1UL, (ulong)DockerFixture.Limits.MemoryBytes);
        Assert.Equal((ulong)DockerFixture.Limits.MemoryBytes, stats.MemoryLimitBytes);
        Assert.True(stats.OnlineCpus >= 1);
        // A busy loop: the two readings the engine takes a second apart show CPU use, however loaded the machine.
        Assert.InRange(stats.CpuPercent, double.Epsilon, 100.0 * stats.OnlineCpus + 1);
        Assert.InRange(stats.Pids, 1UL, (ulong)DockerFixture.Limits.PidsLimit);
        Assert.InRange(stats.Read, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task A_dying_container_is_reported_with_its_workspace_name_and_exit_code()
    {
        using var timeout = TestTimeout.Start();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var spec = docker.Spec(["sh", "-c", "exit 3"]);

        var id = await docker.RunAsync(spec, timeout.Token);

        var died = await FirstEventAsync(since, e => e.ContainerId == id, timeout.Token);
        Assert.Equal(new ContainerEngineEvent(id, spec.WorkspaceId, ContainerEventKind.Died, 3, died.Time, spec.Name), died);
        Assert.InRange(died.Time, since, DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task An_out_of_memory_kill_is_reported_as_such()
    {
        using var timeout = TestTimeout.Start();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var limits = DockerFixture.Limits with { MemoryBytes = 64L * 1024 * 1024 };

        var id = await docker.RunAsync(docker.Spec(["sh", "-c", "head -c 300m /dev/zero | tail; exec sleep 600"], limits: limits), timeout.Token);

        var oom = await FirstEventAsync(since, e => e.ContainerId == id, timeout.Token);
        Assert.Equal(ContainerEventKind.OutOfMemory, oom.Kind);
    }

    private async Task<ContainerEngineEvent> FirstEventAsync(DateTimeOffset since, Func<ContainerEngineEvent, bool> predicate, CancellationToken cancellationToken)
    {
        await foreach (var engineEvent in Runtime.WatchEventsAsync(since, cancellationToken))
        {
            if (predicate(engineEvent))
            {
                return engineEvent;
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }
}
