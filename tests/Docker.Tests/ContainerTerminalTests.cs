using System.Text;
using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class ContainerTerminalTests(DockerFixture docker)
{
    private DockerContainerRuntime Runtime => docker.Runtime;

    [Fact]
    public async Task A_terminal_runs_as_the_workspace_user_in_workspace_with_xterm_at_the_requested_size()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Spec(), timeout.Token);
        await using var terminal = await Runtime.OpenTerminalAsync(id, ["sh"], columns: 100, rows: 30, timeout.Token);
        var output = new TerminalTranscript(terminal);

        await WriteAsync(terminal, "echo \"[$(id -u):$(id -g) $(pwd) $TERM $(stty size)]\"\n", timeout.Token);
        Assert.True(await output.ReadUntilAsync(text => text.Contains("[64000:64000 /workspace xterm-256color 30 100]", StringComparison.Ordinal), timeout.Token), output.Text);

        // The terminal's stream is raw: stderr shows as a terminal shows it, and UTF-8 arrives unchanged.
        await WriteAsync(terminal, "echo \"[\u00e9\u20ac\ud83d\ude00]\" >&2\n", timeout.Token);
        Assert.True(await output.ReadUntilAsync(text => text.Contains("[\u00e9\u20ac\ud83d\ude00]\r\n", StringComparison.Ordinal), timeout.Token), output.Text);

        await terminal.ResizeAsync(columns: 123, rows: 37, timeout.Token);
        await WriteAsync(terminal, "stty size\n", timeout.Token);
        Assert.True(await output.ReadUntilAsync(text => text.Contains("37 123", StringComparison.Ordinal), timeout.Token), output.Text);

        await WriteAsync(terminal, "exit 3\n", timeout.Token);
        await output.ReadToEndAsync(timeout.Token);
        Assert.Equal(3, await terminal.GetExitCodeAsync(timeout.Token));
    }

    [Fact]
    public async Task Hanging_up_ends_the_shell_and_the_programs_it_started()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Spec(), timeout.Token);
        await using var terminal = await Runtime.OpenTerminalAsync(id, ["sh"], 80, 24, timeout.Token);
        var output = new TerminalTranscript(terminal);
        await WriteAsync(terminal, "sleep 987 & sleep 986\n", timeout.Token);
        await WaitInContainerAsync(id, "ps | grep -q '[s]leep 986' && ps | grep -q '[s]leep 987'", timeout.Token);

        await terminal.HangUpAsync(timeout.Token);

        await output.ReadToEndAsync(timeout.Token);
        Assert.Equal(128 + 1, await terminal.GetExitCodeAsync(timeout.Token));
        await WaitInContainerAsync(id, "! ps | grep -q '[s]leep 98[67]'", timeout.Token);
    }

    [Fact]
    public async Task Disposing_a_terminal_whose_process_still_runs_hangs_it_up()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Spec(), timeout.Token);
        var terminal = await Runtime.OpenTerminalAsync(id, ["sh", "-c", "sleep 985"], 80, 24, timeout.Token);
        await WaitInContainerAsync(id, "ps | grep -q '[s]leep 985'", timeout.Token);

        await terminal.DisposeAsync();

        await WaitInContainerAsync(id, "! ps | grep -q '[s]leep 985'", timeout.Token);
    }

    [Fact]
    public async Task Another_terminals_hangup_leaves_a_terminal_running()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Spec(), timeout.Token);
        await using var kept = await Runtime.OpenTerminalAsync(id, ["sh", "-c", "sleep 984"], 80, 24, timeout.Token);
        await using var closed = await Runtime.OpenTerminalAsync(id, ["sh", "-c", "sleep 983"], 80, 24, timeout.Token);
        await WaitInContainerAsync(id, "ps | grep -q '[s]leep 984' && ps | grep -q '[s]leep 983'", timeout.Token);

        await closed.HangUpAsync(timeout.Token);

        await WaitInContainerAsync(id, "! ps | grep -q '[s]leep 983'", timeout.Token);
        var stillThere = await Runtime.ExecAsync(id, ["sh", "-c", "ps | grep -q '[s]leep 984'"], TimeSpan.FromSeconds(20), timeout.Token);
        Assert.Equal(0, stillThere.ExitCode);
    }

    [Fact]
    public async Task A_terminal_in_a_stopped_container_is_a_conflict()
    {
        using var timeout = TestTimeout.Start();
        var created = await Runtime.CreateAsync(docker.Spec(), timeout.Token);

        var error = await Assert.ThrowsAsync<DockerConflictException>(() => Runtime.OpenTerminalAsync(created, ["sh"], 80, 24, timeout.Token));
        Assert.Contains("is not running", error.Message, StringComparison.Ordinal);
    }

    private static ValueTask WriteAsync(IContainerTerminal terminal, string text, CancellationToken cancellationToken) =>
        terminal.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Waits, inside the container, until the shell condition holds (the container's own clock, no sleeps in the test).</summary>
    private async Task WaitInContainerAsync(string containerId, string condition, CancellationToken cancellationToken)
    {
        var result = await Runtime.ExecAsync(containerId, ["sh", "-c", $"until {condition}; do sleep 0.05; done"], TimeSpan.FromSeconds(30), cancellationToken);
        Assert.False(result.TimedOut, $"waited 30 s in the container for: {condition}");
        Assert.Equal(0, result.ExitCode);
    }
}
