using Vibe.Docker.Exec;
using Vibe.Docker.Logs;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class LogTests(DockerFixture docker)
{
    private async Task<List<LogLine>> ReadAllAsync(string id, LogsParameters parameters, CancellationToken cancellationToken)
    {
        var lines = new List<LogLine>();
        await foreach (var line in docker.Client.Containers.GetLogsAsync(id, parameters, cancellationToken))
        {
            lines.Add(line);
        }

        return lines;
    }

    [Fact]
    public async Task Stdout_and_stderr_of_a_container_without_tty_are_separated()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container("sh", "-c", "echo out-1; echo err-1 >&2; echo out-2; echo err-2 >&2"), timeout.Token);
        await docker.Client.Containers.WaitAsync(id, timeout.Token);

        var lines = await ReadAllAsync(id, new LogsParameters(), timeout.Token);

        Assert.Equal(["out-1", "out-2"], lines.Where(l => l.Stream == StdStream.Stdout).Select(l => l.Text));
        Assert.Equal(["err-1", "err-2"], lines.Where(l => l.Stream == StdStream.Stderr).Select(l => l.Text));
    }

    [Fact]
    public async Task Tail_and_timestamps_are_honoured()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container("sh", "-c", "for i in 1 2 3 4 5; do echo line-$i; done"), timeout.Token);
        await docker.Client.Containers.WaitAsync(id, timeout.Token);

        var lines = await ReadAllAsync(id, new LogsParameters { Tail = 2, Timestamps = true, Stderr = false }, timeout.Token);

        Assert.Equal(["line-4", "line-5"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.InRange(l.Timestamp!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task Follow_delivers_a_line_printed_after_the_subscription()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container("sh", "-c", "echo first; exec sleep 600"), timeout.Token);
        await using var logs = docker.Client.Containers.GetLogsAsync(id, new LogsParameters { Follow = true }, timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await logs.MoveNextAsync());
        Assert.Equal("first", logs.Current.Text);

        // The subscription is live (it delivered "first"); now make PID 1 print another line.
        var exec = await docker.Client.Exec.RunAsync(id, ["sh", "-c", "echo later >/proc/1/fd/1"], cancellationToken: timeout.Token);
        Assert.Equal(0, exec.ExitCode);

        Assert.True(await logs.MoveNextAsync());
        Assert.Equal(new LogLine(StdStream.Stdout, "later", null), logs.Current);
    }

    [Fact]
    public async Task Follow_ends_when_the_container_stops()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container("sh", "-c", "echo a; exec sleep 600"), timeout.Token);
        await using var logs = docker.Client.Containers.GetLogsAsync(id, new LogsParameters { Follow = true }, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await logs.MoveNextAsync());

        await docker.Client.Containers.KillAsync(id, cancellationToken: timeout.Token);

        Assert.False(await logs.MoveNextAsync());
    }

    [Fact]
    public async Task Output_of_a_tty_container_is_read_raw()
    {
        using var timeout = TestTimeout.Start();
        var parameters = docker.Container("sh", "-c", "echo to-out; echo to-err >&2");
        parameters.Tty = true;
        var id = await docker.RunAsync(parameters, timeout.Token);
        await docker.Client.Containers.WaitAsync(id, timeout.Token);

        var lines = await ReadAllAsync(id, new LogsParameters(), timeout.Token);

        Assert.Equal(["to-out", "to-err"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(StdStream.Stdout, l.Stream));
    }
}
