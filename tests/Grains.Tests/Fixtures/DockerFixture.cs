using System.Diagnostics;
using System.Globalization;
using Vibe.Docker;
using Vibe.Docker.Errors;
using Vibe.Docker.Images;
using Vibe.Docker.Transport;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// The real Docker daemon, shared by every test of the "workspaces" collection. When nothing answers on the default socket
/// and the process is root, it starts dockerd (and stops it at the end); when Docker is not installed every test fails
/// saying so. At the end it removes every container and network labelled with <see cref="TestRun.Id"/>.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    private static readonly TimeSpan DaemonStartTimeout = TimeSpan.FromSeconds(60);

    private Process? _startedDaemon;
    private DockerClient? _client;

    public DockerClient Client => _client ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string DaemonLogPath { get; } = Path.Combine(Path.GetTempPath(), "vibe-grains-tests-dockerd.log");

    public async Task InitializeAsync()
    {
        _client = DockerClient.FromEnvironment();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _client.PingAsync(timeout.Token);
        }
        catch (DockerUnavailableException unavailable)
        {
            await StartDaemonAsync(unavailable);
        }

        using var buildTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await BlankImage.EnsureAsync(_client, cancellationToken: buildTimeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            await RemoveRunResourcesAsync(_client);
        }
        catch (DockerUnavailableException)
        {
            // Nothing to clean up on a daemon that is gone.
        }

        _client.Dispose();
        await StopDaemonAsync();
        WorkspaceSilo.RemoveRunDirectories();
    }

    /// <summary>Removes the containers and networks of this run (labelled <see cref="TestRun.Label"/>).</summary>
    public static async Task RemoveRunResourcesAsync(DockerClient client, string? serviceId = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var filters = DockerFilters.ByLabel(TestRun.Label, TestRun.Id);
        if (serviceId is not null)
        {
            filters.Label(Docker.Runtime.ContainerLabels.Service, serviceId);
        }

        foreach (var container in await client.Containers.ListAsync(all: true, filters, timeout.Token))
        {
            await IgnoreNotFound(client.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true, timeout.Token));
        }

        if (serviceId is null)
        {
            foreach (var network in await client.Networks.ListAsync(DockerFilters.ByLabel(TestRun.Label, TestRun.Id), timeout.Token))
            {
                await IgnoreNotFound(client.Networks.RemoveAsync(network.Id, timeout.Token));
            }
        }
    }

    private static async Task IgnoreNotFound(Task task)
    {
        try
        {
            await task;
        }
        catch (DockerNotFoundException)
        {
            // Removed already.
        }
        catch (DockerConflictException)
        {
            // Being removed already.
        }
    }

    private async Task StartDaemonAsync(DockerUnavailableException unavailable)
    {
        var dockerd = FindExecutable("dockerd")
            ?? throw new InvalidOperationException(
                $"Docker is not installed: no daemon answers ({unavailable.Message}) and `dockerd` is not on PATH. " +
                "Install Debian's docker.io (`apt-get install docker.io`); the workspace tests need a real Docker Engine.");
        if (Client.Endpoint.SocketPath != DockerEndpoint.DefaultUnixSocket)
        {
            throw new InvalidOperationException($"{unavailable.Message} The tests start dockerd themselves only for the default socket, not for DOCKER_HOST={Client.Endpoint}.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException($"{unavailable.Message} The tests can start {dockerd} only when running as root.");
        }

        // A shell redirect keeps dockerd's output out of our pipes; exec makes the PID dockerd's own.
        _startedDaemon = Process.Start(new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", $"exec '{dockerd}' >'{DaemonLogPath}' 2>&1" },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {dockerd}.");

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_startedDaemon.HasExited)
            {
                throw new InvalidOperationException($"dockerd exited with code {_startedDaemon.ExitCode} while starting; see {DaemonLogPath}.");
            }

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Client.PingAsync(attempt.Token);
                return;
            }
            catch (DockerUnavailableException) when (deadline.Elapsed < DaemonStartTimeout)
            {
                // The socket appears once dockerd has initialized; there is no event to await from here.
                await Task.Delay(200);
            }
        }
    }

    private async Task StopDaemonAsync()
    {
        if (_startedDaemon is not { } daemon)
        {
            return;
        }

        using (daemon)
        {
            if (!daemon.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)]))
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
}
