using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Keeps <see cref="WorkspaceOptions.WarmPool"/> stopped containers per template made ahead, so a workspace's container is
/// adopted (a symlink and a rename) rather than created. Pool containers are hardened exactly like a workspace's, with the
/// default limits and no network (only workspaces with those adopt one), and are bound to an empty directory of their own
/// under <see cref="WorkspaceOptions.PoolDirectory"/>. A bind mount cannot be changed after create, but Docker resolves its
/// source at each start: adoption replaces that directory with a symlink to the workspace's directory and renames the
/// container to the workspace's container name, so every start mounts the workspace's files and nothing else.
/// They carry <c>vibe.pool</c> (not <c>vibe.workspace</c>) and are named "{service}.pool.{instance}.{n}", which no workspace
/// container name matches. Unused ones are removed when the silo stops; those of an earlier run of this silo that crashed are
/// removed when it starts again, and by the orphan sweeper, which also removes pool directories no container uses any more.
/// </summary>
public sealed partial class WorkspaceWarmPool : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(60);

    // A refill waits this long after a container is taken, so that it does not compete for the engine with the start of
    // the workspace that took it, which usually follows within a second.
    private static readonly TimeSpan RefillDelay = TimeSpan.FromSeconds(2);

    private readonly IContainerRuntime _runtime;
    private readonly WorkspaceOptions _options;
    private readonly ContainerRuntimeOptions _runtimeOptions;
    private readonly ILogger<WorkspaceWarmPool> _logger;
    private readonly string _namePrefix;
    private readonly Dictionary<string, ConcurrentQueue<PooledContainer>> _available = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refill = new(0);
    private int _slots;
    private volatile bool _stopping;

    public WorkspaceWarmPool(IContainerRuntime runtime, IOptions<WorkspaceOptions> options, IOptions<ContainerRuntimeOptions> runtimeOptions, ILogger<WorkspaceWarmPool> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtimeOptions);
        _runtime = runtime;
        _options = options.Value;
        _runtimeOptions = runtimeOptions.Value;
        _logger = logger;
        _namePrefix = $"{_runtimeOptions.ServiceId}.pool.";
        InstancePrefix = $"{_namePrefix}{Guid.NewGuid().ToString("N")[..8]}.";
        foreach (var (template, size) in _options.WarmPool)
        {
            if (size > 0)
            {
                _available[template] = new ConcurrentQueue<PooledContainer>();
            }
        }
    }

    /// <summary>The name prefix of this pool's containers (this run of this silo).</summary>
    internal string InstancePrefix { get; }

    /// <summary>How many containers of <paramref name="template"/> are ready to be adopted now.</summary>
    public int Available(string template) => _available.TryGetValue(template, out var queue) ? queue.Count : 0;

    /// <summary>Takes a ready container for a workspace of <paramref name="template"/> with these limits and network, if it may have one.</summary>
    internal bool TryTake(string template, WorkspaceLimits limits, WorkspaceNetworkPolicy network, [NotNullWhen(true)] out PooledContainer? container)
    {
        container = null;
        if (_stopping || network != WorkspaceNetworkPolicy.None || limits != _options.DefaultLimits
            || !_available.TryGetValue(template, out var queue) || !queue.TryDequeue(out container))
        {
            return false;
        }

        _refill.Release();
        return true;
    }

    /// <summary>Removes a taken container that could not be adopted, with its pool directory (or the symlink that replaced it).</summary>
    internal async Task DiscardAsync(PooledContainer container)
    {
        try
        {
            await RemoveAsync(container.ContainerId, container.Directory, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DockerApiException or IOException or UnauthorizedAccessException)
        {
            // The sweeper removes it on a later pass: its name still says it is this pool's, but it is no longer available.
            LogRemoveFailed(_logger, ex, container.ContainerId);
        }
    }

    /// <summary>Whether a container labelled <c>vibe.pool</c> was never adopted (it still has its pool name).</summary>
    internal bool IsUnadopted(ContainerListing container) => container.Name.StartsWith(_namePrefix, StringComparison.Ordinal);

    /// <summary>
    /// Removes unadopted pool containers that an earlier run of this silo left (it crashed; silo names are unique among the
    /// silos of a service on one engine), and pool directories that no container of <paramref name="poolContainers"/> uses any
    /// more (their container was removed); a directory younger than <paramref name="cutoff"/> may belong to a container being
    /// made and is kept. Returns the containers removed.
    /// </summary>
    internal async Task<IReadOnlyList<ContainerListing>> RemoveLeftoversAsync(IReadOnlyList<ContainerListing> poolContainers, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var removed = new List<ContainerListing>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in poolContainers)
        {
            var slot = container.Labels.TryGetValue(ContainerLabels.PoolSlot, out var value) && IsSlotName(value) ? value : container.Name;
            if (IsLeftover(container))
            {
                await RemoveAsync(container.Id, Path.Combine(_options.PoolDirectory, slot), cancellationToken);
                removed.Add(container);
                LogLeftoverRemoved(_logger, container.Id, container.Name);
            }
            else
            {
                used.Add(slot);
            }
        }

        RemoveUnusedDirectories(used, cutoff);
        return removed;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await base.StopAsync(cancellationToken);

        // The fill loop has ended, so nothing is added any more; a container taken meanwhile is its workspace's.
        var unused = new List<PooledContainer>();
        foreach (var queue in _available.Values)
        {
            while (queue.TryDequeue(out var container))
            {
                unused.Add(container);
            }
        }

        if (unused.Count > 0)
        {
            await Task.WhenAll(unused.Select(DiscardAsync));
            LogRemovedOnStop(_logger, unused.Count);
        }
    }

    public override void Dispose()
    {
        _refill.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_available.Count == 0)
        {
            return;
        }

        var retryDelay = TimeSpan.FromSeconds(1);
        var leftoversRemoved = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var failed = false;
            try
            {
                if (!leftoversRemoved)
                {
                    var cutoff = DateTimeOffset.UtcNow - _options.OrphanGracePeriod;
                    await RemoveLeftoversAsync(await _runtime.ListByLabelAsync(ContainerLabels.Pool, cancellationToken: stoppingToken), cutoff, stoppingToken);
                    leftoversRemoved = true;
                }

                foreach (var (template, queue) in _available)
                {
                    try
                    {
                        await FillAsync(template, queue, stoppingToken);
                    }
                    catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
                    {
                        // One template failing (its image is missing, say) does not keep the others empty.
                        failed = true;
                        LogFillFailed(_logger, ex, template, retryDelay);
                    }
                }

                if (!failed)
                {
                    retryDelay = TimeSpan.FromSeconds(1);
                    await _refill.WaitAsync(stoppingToken);
                    await Task.Delay(RefillDelay, stoppingToken);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogLeftoversFailed(_logger, ex, retryDelay);
            }

            try
            {
                await Task.Delay(retryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private async Task FillAsync(string template, ConcurrentQueue<PooledContainer> queue, CancellationToken cancellationToken)
    {
        var size = _options.WarmPool[template];
        if (queue.Count >= size)
        {
            return;
        }

        var image = await _runtime.EnsureImageAsync(template, cancellationToken: cancellationToken);
        while (queue.Count < size && !cancellationToken.IsCancellationRequested)
        {
            queue.Enqueue(await CreateAsync(template, image));
        }

        LogFilled(_logger, template, queue.Count);
    }

    private async Task<PooledContainer> CreateAsync(string template, string image)
    {
        var slot = $"{InstancePrefix}{Interlocked.Increment(ref _slots)}";
        var directory = Path.Combine(_options.PoolDirectory, slot);
        var limits = _options.DefaultLimits;
        try
        {
            // Not cancellable: a create cut short could leave a container that the pool does not know about.
            var containerId = await _runtime.CreateAsync(
                new ContainerSpec
                {
                    WorkspaceId = "",
                    Owner = "",
                    WarmPool = template,
                    Image = image,
                    Name = slot,
                    Limits = new ContainerLimits(limits.NanoCpus, limits.MemoryBytes, limits.PidsLimit),
                    Network = ContainerNetworkPolicy.None,
                    WorkspaceDirectory = directory,
                    Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ContainerLabels.PoolSlot] = slot },
                },
                CancellationToken.None);
            return new PooledContainer(containerId, template, directory);
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>An unadopted container of an earlier run of this silo (same silo name, another pool instance), which has ended.</summary>
    private bool IsLeftover(ContainerListing container) =>
        IsUnadopted(container)
        && !container.Name.StartsWith(InstancePrefix, StringComparison.Ordinal)
        && container.Labels.TryGetValue(ContainerLabels.Silo, out var silo) && silo == _runtimeOptions.SiloName;

    private async Task RemoveAsync(string containerId, string directory, CancellationToken cancellationToken)
    {
        await _runtime.RemoveAsync(containerId, cancellationToken);
        DeleteDirectory(directory);
    }

    private void RemoveUnusedDirectories(HashSet<string> used, DateTimeOffset cutoff)
    {
        var pool = new DirectoryInfo(_options.PoolDirectory);
        if (!pool.Exists)
        {
            return;
        }

        foreach (var entry in pool.EnumerateFileSystemInfos())
        {
            // A symlink is made only when its container is adopted, so it is never younger than its container.
            if (!used.Contains(entry.Name) && (entry.LinkTarget is not null || entry.LastWriteTimeUtc <= cutoff.UtcDateTime))
            {
                try
                {
                    DeleteDirectory(entry.FullName);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogDirectoryKept(_logger, ex, entry.FullName);
                }
            }
        }
    }

    /// <summary>A label is only trusted to name an entry of the pool directory, never a path elsewhere.</summary>
    private static bool IsSlotName(string slot) => slot.Length > 0 && Path.GetFileName(slot) == slot && slot is not ("." or "..");

    /// <summary>Deletes a pool directory, or the symlink that replaced it (never what it points to).</summary>
    private static void DeleteDirectory(string path)
    {
        var entry = new DirectoryInfo(path);
        if (entry.LinkTarget is not null)
        {
            File.Delete(path);
        }
        else if (entry.Exists)
        {
            entry.Delete(recursive: false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm pool of template {Template}: {Count} containers ready")]
    private static partial void LogFilled(ILogger logger, string template, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filling the warm pool of template {Template} failed; retrying in {RetryDelay}")]
    private static partial void LogFillFailed(ILogger logger, Exception ex, string template, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing the warm-pool containers of an earlier run failed; retrying in {RetryDelay}")]
    private static partial void LogLeftoversFailed(ILogger logger, Exception ex, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the unused pool directory {Path}")]
    private static partial void LogDirectoryKept(ILogger logger, Exception ex, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed warm-pool container {ContainerId} ({ContainerName}) left by an earlier run of this silo")]
    private static partial void LogLeftoverRemoved(ILogger logger, string containerId, string containerName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} unused warm-pool containers on stop")]
    private static partial void LogRemovedOnStop(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing warm-pool container {ContainerId} failed")]
    private static partial void LogRemoveFailed(ILogger logger, Exception ex, string containerId);
}
