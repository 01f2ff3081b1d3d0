using System.Diagnostics;
using System.Text.Json;

namespace Vibe.Bench.Terminals;

/// <summary>
/// The terminal-echo baseline: <c>docker exec -it</c> with the same login shell, on a pseudo-terminal of its own as a terminal
/// emulator runs it, driven by <c>docker-exec-echo.py</c> (Python's pty module): per round one letter typed, timed until its echo
/// comes back on the pty.
/// </summary>
internal sealed class DockerExecEchoBaseline(string repositoryRoot, string containerId, string user)
{
    private string Script => Path.Combine(repositoryRoot, "bench", "Vibe.Bench", "Terminals", "docker-exec-echo.py");

    /// <summary>Runs one `docker exec -it` session of <paramref name="warmUp"/> untimed and <paramref name="rounds"/> timed keystrokes.</summary>
    public async Task<IReadOnlyList<double>> RunAsync(int rounds, int warmUp)
    {
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { Script, containerId, user, rounds.ToString(System.Globalization.CultureInfo.InvariantCulture), warmUp.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start python3 (the terminal-echo baseline needs it).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker-exec-echo.py exited with {process.ExitCode}: {await stderr}");
        }

        using var result = JsonDocument.Parse(await stdout);
        return [.. result.RootElement.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble())];
    }
}
