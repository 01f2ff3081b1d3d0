using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class StatsTests(DockerFixture docker)
{
    private const long MemoryLimit = 128L * 1024 * 1024;

    [Fact]
    public async Task One_shot_stats_report_memory_against_the_limit_and_cpu()
    {
        using var timeout = TestTimeout.Start();
        var parameters = docker.Container("sh", "-c", "while :; do :; done");
        parameters.HostConfig!.Memory = MemoryLimit;
        var id = await docker.RunAsync(parameters, timeout.Token);

        var stats = await docker.Client.Containers.GetStatsAsync(id, timeout.Token);

        Assert.True(stats.MemoryUsedBytes > 0, $"memory used {stats.MemoryUsedBytes}");
        Assert.Equal((ulong)MemoryLimit, stats.MemoryLimitBytes);
        Assert.InRange(stats.MemoryPercent, double.Epsilon, 100);
        Assert.True(stats.OnlineCpus >= 1);
        // A busy loop: the sample pair the daemon takes a second apart shows real CPU use.
        Assert.InRange(stats.CpuPercent, 1, 100.0 * stats.OnlineCpus + 1);
        Assert.True(stats.Pids >= 1);
    }

    [Fact]
    public async Task Streamed_stats_keep_coming_until_cancelled()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container(), timeout.Token);
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var samples = new List<Stats.ContainerStats>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var sample in docker.Client.Containers.StreamStatsAsync(id, enough.Token))
            {
                samples.Add(sample);
                if (samples.Count == 2)
                {
                    await enough.CancelAsync();
                }
            }
        });

        Assert.Equal(2, samples.Count);
        Assert.True(samples[1].Read > samples[0].Read);
        Assert.All(samples, s => Assert.True(s.MemoryUsedBytes > 0));
    }
}
