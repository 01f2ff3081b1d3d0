using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vibe.Cli.Tests;

/// <summary><c>vibe ssh</c> on a real pseudo-terminal, typed into as a person would.</summary>
[Collection(CliCollection.Name)]
public sealed class SshTests(CliServer server)
{
    [Fact]
    public async Task Typing_into_the_shell_runs_commands_and_exit_ends_Vibe_with_its_code()
    {
        var ada = await server.SignUpAsync("typist");
        var id = await ada.CreateRunningWorkspaceAsync("shell-ws");
        await using var ssh = ada.StartInPty("ssh", id);

        // h""i is echoed as typed; only the shell's output says "hi" on a line of its own.
        await ssh.WriteAsync("echo h\"\"i\r");
        await ssh.WaitForStdoutAsync(screen => Line(screen, "hi"), "the shell's answer to echo");

        // The terminal is raw: the shell sees the local terminal's size.
        await ssh.WriteAsync("stty size\r");
        await ssh.WaitForStdoutAsync(screen => Line(screen, "30 100"), "the remote terminal to be 100x30");

        await ssh.WriteAsync("exit 3\r");
        Assert.Equal(3, await ssh.WaitForExitAsync());
    }

    [Fact]
    public async Task The_shell_outlives_the_access_token_it_was_opened_with()
    {
        var ada = await server.SignUpAsync("marathon");
        var id = await ada.CreateRunningWorkspaceAsync("long-ws");
        await using var ssh = ada.StartInPty("ssh", id);
        await ssh.WriteAsync("echo sta\"\"rted\r");
        await ssh.WaitForStdoutAsync(screen => Line(screen, "started"), "the shell to answer");

        // The server closes a hub connection when its access token expires; vibe reconnects with a fresh one.
        var expires = JsonDocument.Parse(await File.ReadAllTextAsync(ada.CredentialsPath)).RootElement.GetProperty("accessTokenExpiresAt").GetDateTimeOffset();
        if (expires - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3) is { Ticks: > 0 } untilExpired)
        {
            await Task.Delay(untilExpired);
        }

        await ssh.WriteAsync("echo sti\"\"ll here\r");
        await ssh.WaitForStdoutAsync(screen => Line(screen, "still here"), "the shell to answer after the token expired");

        await ssh.WriteAsync("exit 4\r");
        Assert.Equal(4, await ssh.WaitForExitAsync());
    }

    [Fact]
    public async Task Ctrl_D_ends_the_shell_with_exit_code_zero()
    {
        var ada = await server.SignUpAsync("quitter");
        var id = await ada.CreateRunningWorkspaceAsync("ctrl-d-ws");
        await using var ssh = ada.StartInPty("ssh", id);
        await ssh.WriteAsync("echo rea\"\"dy\r");
        await ssh.WaitForStdoutAsync(screen => Line(screen, "ready"), "the shell to answer");

        await ssh.WriteAsync("\u0004");

        Assert.Equal(0, await ssh.WaitForExitAsync());
    }

    [Fact]
    public async Task A_stopped_workspace_says_to_start_it()
    {
        var ada = await server.SignUpAsync("early");
        var created = await ada.RunAsync("ws", "create", "not-yet", "--no-start");
        var id = created.Stdout.Trim();

        var ssh = await ada.RunAsync("ssh", id);

        Assert.Equal(125, ssh.ExitCode);
        Assert.Contains($"Workspace not-yet is Stopped: start it with `vibe ws start {id}`.", ssh.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Whether the screen has <paramref name="text"/> as a line of its own (terminal lines end in CR LF).</summary>
    private static bool Line(string screen, string text) => Regex.IsMatch(screen, $@"(?m)^\r?{Regex.Escape(text)}\r*$");
}
