using Vibe.Docker.Logs;
using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class ContainerLogTests(DockerFixture docker)
{
    private DockerContainerRuntime Runtime => docker.Runtime;

    [Fact]
    public async Task Followed_logs_keep_stdout_and_stderr_apart_with_timestamps_and_end_when_the_container_stops()
    {
        using var timeout = TestTimeout.Start();
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        var id = await docker.RunAsync(docker.Spec(["sh", "-c", "echo out-1; echo err-1 >&2; echo out-2; echo err-2 >&2"]), timeout.Token);

        var lines = await ReadAllAsync(Runtime.LogsAsync(id, follow: true, cancellationToken: timeout.Token));

        Assert.Equal(["out-1", "out-2"], lines.Where(l => l.Stream == StdStream.Stdout).Select(l => l.Text));
        Assert.Equal(["err-1", "err-2"], lines.Where(l => l.Stream == StdStream.Stderr).Select(l => l.Text));
        Assert.All(lines, l => Assert.InRange(l.Timestamp!.Value, started, DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task Tail_and_since_select_the_last_lines()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Spec(["sh", "-c", "for i in 1 2 3 4 5; do echo line-$i; done"]), timeout.Token);
        var all = await ReadAllAsync(Runtime.LogsAsync(id, follow: true, cancellationToken: timeout.Token));

        var tail = await ReadAllAsync(Runtime.LogsAsync(id, tail: 2, cancellationToken: timeout.Token));
        var since = await ReadAllAsync(Runtime.LogsAsync(id, since: all[3].Timestamp, cancellationToken: timeout.Token));

        Assert.Equal(["line-4", "line-5"], tail.Select(l => l.Text));
        Assert.Equal(["line-4", "line-5"], since.Select(l => l.Text));
    }

    [Fact]
    public async Task Following_delivers_a_line_written_later_and_ends_when_cancelled()
    {
        using var timeout = TestTimeout.Start();
        var spec = docker.Spec(["sh", "-c", "echo first; until [ -e /workspace/go ]; do sleep 0.05; done; echo later; exec sleep 600"]);
        var id = await docker.RunAsync(spec, timeout.Token);
        using var following = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        await using var logs = Runtime.LogsAsync(id, follow: true, cancellationToken: following.Token).GetAsyncEnumerator(following.Token);

        Assert.True(await logs.MoveNextAsync());
        Assert.Equal("first", logs.Current.Text);
        await File.WriteAllTextAsync(Path.Combine(spec.WorkspaceDirectory, "go"), "", timeout.Token);
        Assert.True(await logs.MoveNextAsync());
        Assert.Equal((StdStream.Stdout, "later"), (logs.Current.Stream, logs.Current.Text));

        // The container goes on running quietly: a followed log ends only when its reader cancels.
        var next = logs.MoveNextAsync();
        await following.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
    }

    private static async Task<List<LogLine>> ReadAllAsync(IAsyncEnumerable<LogLine> logs)
    {
        var lines = new List<LogLine>();
        await foreach (var line in logs)
        {
            lines.Add(line);
        }

        return lines;
    }
}
