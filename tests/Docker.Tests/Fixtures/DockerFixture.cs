using Docker.DotNet;
using Docker.DotNet.Models;
using Vibe.Docker.Images;
using Vibe.Docker.Runtime;
using Vibe.TestSupport;
using ContainerSpec = Vibe.Docker.Runtime.ContainerSpec;

namespace Vibe.Docker.Tests.Fixtures;

/// <summary>
/// The real daemon, shared by every test of the "docker" collection, and a <see cref="DockerContainerRuntime"/> on it as a silo
/// makes one, with this run's own service id so that listings and events see only this run's containers. When nothing answers
/// on the default socket and the process is root, it starts dockerd and stops it at the end; when Docker is not installed
/// every test fails saying so. Everything the tests create carries <see cref="RunLabel"/> and is removed at the end.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string RunLabel = "io.vibe.tests.run";

    public static readonly ContainerLimits Limits = new(NanoCpus: 1_000_000_000, MemoryBytes: 128L * 1024 * 1024, PidsLimit: 128);

    private DockerDaemon? _daemon;
    private IDockerClient? _client;
    private DockerContainerRuntime? _runtime;

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Docker.DotNet's client, to arrange and check what the runtime cannot show.</summary>
    public IDockerClient Client => _client ?? throw new InvalidOperationException("The fixture is not initialized.");

    public DockerContainerRuntime Runtime => _runtime ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The host directories bind-mounted as the containers' /workspace.</summary>
    public string WorkspaceRoot { get; } = Directory.CreateTempSubdirectory("vibe-docker-tests-").FullName;

    public string DaemonLogPath { get; } = Path.Combine(Path.GetTempPath(), "vibe-docker-tests-dockerd.log");

    public async Task InitializeAsync()
    {
        _client = DockerEngine.Connect();
        _daemon = await DockerDaemon.EnsureRunningAsync(_client, DaemonLogPath);

        using var buildTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await BlankImage.EnsureAsync(_client, cancellationToken: buildTimeout.Token);
        _runtime = NewRuntime();
    }

    /// <summary>A runtime with this run's service id and label, and <paramref name="configure"/> applied.</summary>
    public DockerContainerRuntime NewRuntime(Action<ContainerRuntimeOptions>? configure = null)
    {
        var options = new ContainerRuntimeOptions { ServiceId = $"vibe-test-{RunId}" };
        options.ExtraLabels[RunLabel] = RunId;
        configure?.Invoke(options);
        return new DockerContainerRuntime(Client, options);
    }

    /// <summary>A workspace container of the blank image (or <paramref name="image"/>) with a unique name and its own workspace directory.</summary>
    public ContainerSpec Spec(IReadOnlyList<string>? command = null, string image = BlankImage.Tag, ContainerLimits? limits = null)
    {
        var workspaceId = $"ws-{Guid.NewGuid().ToString("N")[..10]}";
        return new ContainerSpec
        {
            WorkspaceId = workspaceId,
            Owner = "docker-tests",
            Image = image,
            Name = UniqueName(),
            Limits = limits ?? Limits,
            WorkspaceDirectory = Path.Combine(WorkspaceRoot, workspaceId),
            Command = command,
        };
    }

    /// <summary>Creates and starts a container through the runtime; returns its ID.</summary>
    public async Task<string> RunAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var id = await Runtime.CreateAsync(spec, cancellationToken);
        await Runtime.StartAsync(id, cancellationToken);
        return id;
    }

    public string UniqueName() => $"vibe-test-{RunId}-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{RunLabel}={RunId}"] = true } };
            foreach (var container in await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, timeout.Token))
            {
                await IgnoreNotFound(_client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, timeout.Token));
            }

            foreach (var network in await _client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filters }, timeout.Token))
            {
                await IgnoreNotFound(_client.Networks.DeleteNetworkAsync(network.ID, timeout.Token));
            }
        }
        catch (HttpRequestException)
        {
            // Nothing to clean up on a daemon that is gone.
        }

        _client.Dispose();
        Directory.Delete(WorkspaceRoot, recursive: true);
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }

    private static async Task IgnoreNotFound(Task task)
    {
        try
        {
            await task;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Removed already (by the test).
        }
    }
}
