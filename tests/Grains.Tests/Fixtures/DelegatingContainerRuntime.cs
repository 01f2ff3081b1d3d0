using Vibe.Docker.Images;
using Vibe.Docker.Logs;
using Vibe.Docker.Runtime;
using Vibe.Docker.Stats;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>The real runtime passed through call by call, for a test runtime that changes or records one call and overrides only that one.</summary>
public abstract class DelegatingContainerRuntime(IContainerRuntime inner) : IContainerRuntime
{
    public virtual Task<string> EnsureImageAsync(string template, IProgress<TemplateBuildProgress>? progress = null, CancellationToken cancellationToken = default) =>
        inner.EnsureImageAsync(template, progress, cancellationToken);

    public virtual Task<bool> HasImageAsync(string template, CancellationToken cancellationToken = default) => inner.HasImageAsync(template, cancellationToken);

    public virtual Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken = default) => inner.CreateAsync(spec, cancellationToken);

    public virtual Task AdoptAsync(string containerId, string poolDirectory, string workspaceDirectory, string name, CancellationToken cancellationToken = default) =>
        inner.AdoptAsync(containerId, poolDirectory, workspaceDirectory, name, cancellationToken);

    public virtual Task<bool> StartAsync(string containerId, CancellationToken cancellationToken = default) => inner.StartAsync(containerId, cancellationToken);

    public virtual Task<bool> StopAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken = default) => inner.StopAsync(containerId, timeout, cancellationToken);

    public virtual Task RemoveAsync(string containerId, CancellationToken cancellationToken = default) => inner.RemoveAsync(containerId, cancellationToken);

    public virtual Task<IReadOnlyList<string>> RemoveUnusedNetworksAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default) =>
        inner.RemoveUnusedNetworksAsync(gracePeriod, cancellationToken);

    public virtual Task<ContainerStatus?> InspectAsync(string containerIdOrName, CancellationToken cancellationToken = default) => inner.InspectAsync(containerIdOrName, cancellationToken);

    public virtual Task<IReadOnlyList<ContainerListing>> ListByLabelAsync(string key, string? value = null, CancellationToken cancellationToken = default) =>
        inner.ListByLabelAsync(key, value, cancellationToken);

    public virtual Task<ContainerExecResult> ExecAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        inner.ExecAsync(containerId, command, timeout, cancellationToken);

    public virtual Task<ContainerStats> StatsAsync(string containerId, CancellationToken cancellationToken = default) => inner.StatsAsync(containerId, cancellationToken);

    public virtual IAsyncEnumerable<LogLine> LogsAsync(string containerId, int? tail = null, bool follow = false, DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        inner.LogsAsync(containerId, tail, follow, since, cancellationToken);

    public virtual IAsyncEnumerable<ContainerEngineEvent> WatchEventsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        inner.WatchEventsAsync(since, cancellationToken);

    public virtual Task<IContainerTerminal> OpenTerminalAsync(string containerId, IReadOnlyList<string> command, int columns, int rows, CancellationToken cancellationToken = default) =>
        inner.OpenTerminalAsync(containerId, command, columns, rows, cancellationToken);
}
