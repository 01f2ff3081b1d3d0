using Vibe.Docker.Images;
using Vibe.Docker.Logs;
using Vibe.Docker.Runtime;
using Vibe.Docker.Stats;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// The real runtime, except that <see cref="StartAsync"/> holds its caller after the container has started until the test
/// opens the gate: the grain is frozen between "container started" and "state says Running", like a silo that crashed there.
/// </summary>
public sealed class GatedContainerRuntime(IContainerRuntime inner) : IContainerRuntime
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a container has started in Docker and its caller is held.</summary>
    public Task ContainerStarted => _started.Task;

    public void OpenGate() => _gate.TrySetResult();

    public async Task<bool> StartAsync(string containerId, CancellationToken cancellationToken = default)
    {
        var started = await inner.StartAsync(containerId, cancellationToken);
        _started.TrySetResult();
        await _gate.Task;
        return started;
    }

    public Task<string> EnsureImageAsync(string template, IProgress<TemplateBuildProgress>? progress = null, CancellationToken cancellationToken = default) =>
        inner.EnsureImageAsync(template, progress, cancellationToken);

    public Task<bool> HasImageAsync(string template, CancellationToken cancellationToken = default) => inner.HasImageAsync(template, cancellationToken);

    public Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken = default) => inner.CreateAsync(spec, cancellationToken);

    public Task AdoptAsync(string containerId, string poolDirectory, string workspaceDirectory, string name, CancellationToken cancellationToken = default) =>
        inner.AdoptAsync(containerId, poolDirectory, workspaceDirectory, name, cancellationToken);

    public Task<bool> StopAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken = default) => inner.StopAsync(containerId, timeout, cancellationToken);

    public Task RemoveAsync(string containerId, CancellationToken cancellationToken = default) => inner.RemoveAsync(containerId, cancellationToken);

    public Task<IReadOnlyList<string>> RemoveUnusedNetworksAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default) =>
        inner.RemoveUnusedNetworksAsync(gracePeriod, cancellationToken);

    public Task<ContainerStatus?> InspectAsync(string containerIdOrName, CancellationToken cancellationToken = default) => inner.InspectAsync(containerIdOrName, cancellationToken);

    public Task<IReadOnlyList<ContainerListing>> ListByLabelAsync(string key, string? value = null, CancellationToken cancellationToken = default) =>
        inner.ListByLabelAsync(key, value, cancellationToken);

    public Task<ContainerExecResult> ExecAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        inner.ExecAsync(containerId, command, timeout, cancellationToken);

    public Task<ContainerStats> StatsAsync(string containerId, CancellationToken cancellationToken = default) => inner.StatsAsync(containerId, cancellationToken);

    public IAsyncEnumerable<LogLine> LogsAsync(string containerId, int? tail = null, bool follow = false, DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        inner.LogsAsync(containerId, tail, follow, since, cancellationToken);

    public IAsyncEnumerable<ContainerEngineEvent> WatchEventsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        inner.WatchEventsAsync(since, cancellationToken);

    public Task<IContainerTerminal> OpenTerminalAsync(string containerId, IReadOnlyList<string> command, int columns, int rows, CancellationToken cancellationToken = default) =>
        inner.OpenTerminalAsync(containerId, command, columns, rows, cancellationToken);
}
