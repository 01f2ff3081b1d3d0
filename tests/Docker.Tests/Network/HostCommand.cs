using System.Diagnostics;

namespace Vibe.Docker.Tests.Network;

/// <summary>Runs a command on the host (ip, iptables) and returns its exit code and output.</summary>
internal static class HostCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Runs the command and fails the test, with its output, if it fails.</summary>
    public static async Task<string> CheckedAsync(string program, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(program, arguments);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {exitCode}: {output}");
        return output;
    }
}
