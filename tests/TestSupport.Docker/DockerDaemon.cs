using System.Diagnostics;
using System.Globalization;
using Docker.DotNet;
using Vibe.Docker;
using Vibe.Docker.Errors;

namespace Vibe.TestSupport;

/// <summary>
/// Makes sure a real Docker daemon answers for a test run: when nothing answers on the default socket and the
/// process is root, it starts dockerd and stops it again on dispose; when Docker is not installed it fails saying so.
/// Shared by the test projects that need Docker.
/// </summary>
public sealed class DockerDaemon : IAsyncDisposable
{
    private const string DefaultSocket = "/var/run/docker.sock";

    private static readonly TimeSpan DaemonStartTimeout = TimeSpan.FromSeconds(60);

    private readonly IDockerClient _client;
    private readonly string _logPath;
    private Process? _startedDaemon;

    private DockerDaemon(IDockerClient client, string logPath)
    {
        _client = client;
        _logPath = logPath;
    }

    /// <summary>Checks the daemon <paramref name="client"/> talks to, starting dockerd (log in <paramref name="logPath"/>) if none answers.</summary>
    public static async Task<DockerDaemon> EnsureRunningAsync(IDockerClient client, string logPath)
    {
        var daemon = new DockerDaemon(client, logPath);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await DockerEngine.CheckAsync(client, timeout.Token);
        }
        catch (DockerUnavailableException unavailable)
        {
            await daemon.StartAsync(unavailable);
        }

        return daemon;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StartAsync(DockerUnavailableException unavailable)
    {
        var dockerd = FindExecutable("dockerd")
            ?? throw new InvalidOperationException(
                $"Docker is not installed: no daemon answers ({unavailable.Message}) and `dockerd` is not on PATH. " +
                "Install Debian's docker.io (`apt-get install docker.io`); these tests need a real Docker Engine.");
        var endpoint = _client.Options.Endpoint;
        if (endpoint.Scheme != "unix" || endpoint.LocalPath != DefaultSocket)
        {
            throw new InvalidOperationException($"{unavailable.Message} The tests start dockerd themselves only for the default socket, not for DOCKER_HOST={endpoint}.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException($"{unavailable.Message} The tests can start {dockerd} only when running as root.");
        }

        // A shell redirect keeps dockerd's (chatty) output out of our pipes; exec makes the PID dockerd's own.
        _startedDaemon = Process.Start(new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", $"exec '{dockerd}' >'{_logPath}' 2>&1" },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {dockerd}.");

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_startedDaemon.HasExited)
            {
                throw new InvalidOperationException($"dockerd exited with code {_startedDaemon.ExitCode} while starting; see {_logPath}:\n{Tail(_logPath)}");
            }

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await DockerEngine.CheckAsync(_client, attempt.Token);
                return;
            }
            catch (DockerUnavailableException) when (deadline.Elapsed < DaemonStartTimeout)
            {
                // The socket appears once dockerd has initialized; there is no event to await from here.
                await Task.Delay(200);
            }
        }
    }

    private async Task StopAsync()
    {
        if (_startedDaemon is not { } daemon)
        {
            return;
        }

        using (daemon)
        {
            if (!daemon.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await daemon.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    daemon.Kill();
                }
            }
        }
    }

    private static string? FindExecutable(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin"]))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Tail(string path) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(20)) : "(no log)";
}
