using System.Text;
using System.Text.RegularExpressions;
using Vibe.Docker.Errors;
using Vibe.Docker.Exec;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed partial class ExecTests(DockerFixture docker)
{
    [GeneratedRegex(@"(^|\n)hi\r?\n")]
    private static partial Regex HiLine();

    private static ExecCreateParameters Shell(bool tty) => new()
    {
        Cmd = ["sh"],
        Tty = tty,
        AttachStdin = true,
        AttachStdout = true,
        AttachStderr = true,
        Env = ["PS1=$ "],
    };

    [Fact]
    public async Task A_tty_shell_echoes_commands_and_exits_with_the_requested_code()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container(), timeout.Token);
        await using var session = await docker.Client.Exec.OpenAsync(id, Shell(tty: true), timeout.Token);
        var output = new ExecOutput(session);

        await session.WriteAsync("echo hi\n", timeout.Token);
        Assert.True(await output.ReadUntilAsync(text => HiLine().IsMatch(text), timeout.Token), output.Stdout);

        await session.WriteAsync("exit 3\n", timeout.Token);
        await output.ReadToEndAsync(timeout.Token);

        Assert.Equal(3, await session.WaitForExitAsync(timeout.Token));
        var inspect = await docker.Client.Exec.InspectAsync(session.ExecId, timeout.Token);
        Assert.False(inspect.Running);
        Assert.Equal(3, inspect.ExitCode);
        Assert.True(inspect.ProcessConfig?.Tty);
    }

    [Fact]
    public async Task Resizing_the_tty_is_seen_by_stty()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container(), timeout.Token);
        await using var session = await docker.Client.Exec.OpenAsync(id, Shell(tty: true), timeout.Token);
        var output = new ExecOutput(session);

        await session.ResizeAsync(height: 37, width: 123, timeout.Token);
        await session.WriteAsync("stty size\n", timeout.Token);

        Assert.True(await output.ReadUntilAsync(text => text.Contains("37 123", StringComparison.Ordinal), timeout.Token), output.Stdout);
        await session.WriteAsync("exit\n", timeout.Token);
        await output.ReadToEndAsync(timeout.Token);
    }

    [Fact]
    public async Task Without_tty_the_output_is_demultiplexed_into_stdout_and_stderr()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container(), timeout.Token);

        var result = await docker.Client.Exec.RunAsync(id, ["sh", "-c", "echo out; echo err >&2; echo out2; exit 5"], cancellationToken: timeout.Token);

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("out\nout2\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task Stdin_is_delivered_and_closing_it_ends_the_process()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container(), timeout.Token);
        await using var session = await docker.Client.Exec.OpenAsync(id, new ExecCreateParameters { Cmd = ["sh", "-c", "cat; echo done >&2"], AttachStdin = true }, timeout.Token);
        var output = new ExecOutput(session);

        await session.WriteAsync("hello from stdin\n", timeout.Token);
        Assert.True(await output.ReadUntilAsync(text => text.Contains("hello from stdin\n", StringComparison.Ordinal), timeout.Token));
        session.CloseStdin();
        await output.ReadToEndAsync(timeout.Token);

        Assert.Equal("done\n", output.Stderr);
        Assert.Equal(0, await session.WaitForExitAsync(timeout.Token));
    }

    [Fact]
    public async Task Run_passes_stdin_env_user_and_working_dir()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container(), timeout.Token);

        var result = await docker.Client.Exec.RunAsync(
            id,
            ["sh", "-c", "cat > /tmp/in.txt; echo \"$(id -u) $(pwd) $SECRET_TOKEN $(cat /tmp/in.txt)\""],
            new ExecRunOptions { User = "1000", WorkingDir = "/tmp", Env = ["SECRET_TOKEN=s3cr3t"], StandardInput = Encoding.UTF8.GetBytes("piped") },
            timeout.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1000 /tmp s3cr3t piped\n", result.Stdout);
    }

    [Fact]
    public async Task Output_beyond_the_limit_is_dropped_and_flagged()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container(), timeout.Token);

        var result = await docker.Client.Exec.RunAsync(id, ["sh", "-c", "yes | head -c 100000"], new ExecRunOptions { MaxOutputBytes = 1000 }, timeout.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1000, result.Stdout.Length);
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task Exec_in_a_stopped_container_is_a_conflict_and_an_unknown_exec_is_not_found()
    {
        using var timeout = TestTimeout.Start();
        var created = await docker.Client.Containers.CreateAsync(docker.Container(), timeout.Token);

        await Assert.ThrowsAsync<DockerConflictException>(() => docker.Client.Exec.CreateAsync(created.Id, new ExecCreateParameters { Cmd = ["true"] }, timeout.Token));
        var error = await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Exec.StartAsync("0123456789abcdef", tty: false, timeout.Token));
        Assert.Contains("0123456789abcdef", error.Message, StringComparison.Ordinal);
    }
}
