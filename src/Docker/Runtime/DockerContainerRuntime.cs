using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vibe.Docker.Containers;
using Vibe.Docker.Errors;
using Vibe.Docker.Events;
using Vibe.Docker.Exec;
using Vibe.Docker.Images;
using Vibe.Docker.Logs;
using Vibe.Docker.Networks;
using Vibe.Docker.Stats;

namespace Vibe.Docker.Runtime;

/// <summary>
/// <see cref="IContainerRuntime"/> on a Docker engine. Every container it creates is hardened: all capabilities dropped,
/// no-new-privileges, a pids limit, memory without extra swap, a CPU quota, a read-only root with a writable bind of the
/// workspace directory at /workspace and a size-capped tmpfs at /tmp, docker-init as PID 1, the image's non-root user
/// (<see cref="ContainerRuntimeOptions.UserId"/>), and no network unless the spec allows one. Warm-pool containers are made
/// the same way, bound to a pool directory that <see cref="AdoptAsync"/> later turns into a symlink to the workspace's.
/// </summary>
public sealed partial class DockerContainerRuntime : IContainerRuntime
{
    public const string BlankTemplate = "blank";

    private const string WorkspaceMountPath = "/workspace";

    private const string PoolHostname = "workspace";

    // Prints one line (so logs show the start) and sleeps; exec makes sleep the child of docker-init, so SIGTERM stops it at once.
    private static readonly string[] DefaultCommand = ["sh", "-c", "echo \"vibe workspace $VIBE_WORKSPACE ready\"; exec sleep infinity"];

    private readonly DockerClient _client;
    private readonly ContainerRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _networkLock = new(1, 1);
    private readonly SemaphoreSlim _imageLock = new(1, 1);

    public DockerContainerRuntime(DockerClient client, ContainerRuntimeOptions options, ILogger<DockerContainerRuntime>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ServiceId, nameof(options.ServiceId));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.InternalNetworkName, nameof(options.InternalNetworkName));
        _client = client;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public ContainerRuntimeOptions Options => _options;

    /// <summary>The image reference of a template: <c>vibe/{template}:latest</c>.</summary>
    public static string ImageOf(string template) => $"vibe/{template}:latest";

    public async Task<string> EnsureImageAsync(string template, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        if (!IsTemplateName(template))
        {
            throw new ArgumentException($"'{template}' is not a template name: use lower-case letters, digits and '-' (for example \"blank\").", nameof(template));
        }

        var image = ImageOf(template);
        if (await _client.Images.TryInspectAsync(image, cancellationToken).ConfigureAwait(false) is not null)
        {
            return image;
        }

        if (template != BlankTemplate)
        {
            throw new InvalidOperationException(
                $"Template '{template}' needs the image {image}, which this Docker engine does not have. Build it with deploy/images/build.sh {template}.");
        }

        // One build at a time: concurrent first starts would otherwise each build the image.
        await _imageLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            LogBuildingImage(_logger, image);
            await BlankImage.EnsureAsync(_client, progress, busyboxPath: _options.BusyboxPath, logger: _logger, cancellationToken: cancellationToken).ConfigureAwait(false);
            return image;
        }
        finally
        {
            _imageLock.Release();
        }
    }

    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.WarmPool is null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(spec.WorkspaceId, nameof(spec.WorkspaceId));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Image, nameof(spec.Image));
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Name, nameof(spec.Name));
        if (!Path.IsPathFullyQualified(spec.WorkspaceDirectory))
        {
            throw new ArgumentException($"The workspace directory must be an absolute host path, not '{spec.WorkspaceDirectory}'.", nameof(spec));
        }

        HostDirectoryOwnership.Prepare(spec.WorkspaceDirectory, _options.UserId, _options.GroupId);
        var networkMode = spec.Network switch
        {
            ContainerNetworkPolicy.None => "none",
            ContainerNetworkPolicy.Internal => await EnsureInternalNetworkAsync(cancellationToken).ConfigureAwait(false),
            ContainerNetworkPolicy.Internet => "bridge",
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Network, "Unknown network policy."),
        };

        var parameters = new ContainerCreateParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Cmd = [.. spec.Command ?? DefaultCommand],
            User = string.Create(CultureInfo.InvariantCulture, $"{_options.UserId}:{_options.GroupId}"),
            WorkingDir = WorkspaceMountPath,
            Hostname = spec.WarmPool is null ? HostnameOf(spec.WorkspaceId) : PoolHostname,
            Env = spec.WarmPool is null ? [$"HOME={WorkspaceMountPath}", $"VIBE_WORKSPACE={spec.WorkspaceId}"] : [$"HOME={WorkspaceMountPath}"],
            Labels = Labels(spec),
            HostConfig = new HostConfig
            {
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                PidsLimit = spec.Limits.PidsLimit,
                Memory = spec.Limits.MemoryBytes,
                MemorySwap = spec.Limits.MemoryBytes,
                NanoCpus = spec.Limits.NanoCpus,
                ReadonlyRootfs = true,
                Binds = [$"{spec.WorkspaceDirectory}:{WorkspaceMountPath}:rw"],
                Tmpfs = new Dictionary<string, string>
                {
                    ["/tmp"] = string.Create(CultureInfo.InvariantCulture, $"rw,nosuid,nodev,mode=1777,size={_options.TmpfsSizeBytes}"),
                },
                NetworkMode = networkMode,
                Init = true,
            },
        };

        var created = await _client.Containers.CreateAsync(parameters, cancellationToken).ConfigureAwait(false);
        LogCreated(_logger, created.Id, spec.Name, spec.WarmPool is null ? spec.WorkspaceId : $"(warm pool of {spec.WarmPool})", spec.Image, networkMode);
        return created.Id;
    }

    public async Task AdoptAsync(string containerId, string poolDirectory, string workspaceDirectory, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Path.IsPathFullyQualified(poolDirectory) || !Path.IsPathFullyQualified(workspaceDirectory))
        {
            throw new ArgumentException($"The pool and workspace directories must be absolute host paths, not '{poolDirectory}' and '{workspaceDirectory}'.");
        }

        HostDirectoryOwnership.Prepare(workspaceDirectory, _options.UserId, _options.GroupId);

        // Docker resolves a bind's source when the container starts: a symlink in place of the (empty) pool directory makes
        // every start of this container mount the workspace directory.
        var pool = new DirectoryInfo(poolDirectory);
        if (pool.LinkTarget != workspaceDirectory)
        {
            if (pool.LinkTarget is not null)
            {
                File.Delete(poolDirectory); // the link only, never what it points to
            }
            else if (pool.Exists)
            {
                pool.Delete(recursive: false);
            }

            Directory.CreateSymbolicLink(poolDirectory, workspaceDirectory);
        }

        await _client.Containers.RenameAsync(containerId, name, cancellationToken).ConfigureAwait(false);
        LogAdopted(_logger, containerId, name, workspaceDirectory);
    }

    public Task<bool> StartAsync(string containerId, CancellationToken cancellationToken = default) =>
        _client.Containers.StartAsync(containerId, cancellationToken);

    public async Task<bool> StopAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _client.Containers.StopAsync(containerId, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return false;
        }
    }

    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.Containers.RemoveAsync(containerId, force: true, removeVolumes: true, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            // Already gone.
        }
        catch (DockerConflictException ex) when (ex.Message.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
        {
            // Someone else is removing it.
        }
    }

    public async Task<ContainerStatus?> InspectAsync(string containerIdOrName, CancellationToken cancellationToken = default)
    {
        var inspect = await _client.Containers.TryInspectAsync(containerIdOrName, cancellationToken).ConfigureAwait(false);
        if (inspect is null)
        {
            return null;
        }

        var state = inspect.State;
        return new ContainerStatus(
            inspect.Id,
            inspect.Name.TrimStart('/'),
            state.Running,
            state.Status,
            state.ExitCode,
            state.OomKilled,
            string.IsNullOrEmpty(state.Error) ? null : state.Error,
            state.StartedAt,
            state.FinishedAt,
            inspect.Config?.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal));
    }

    public async Task<IReadOnlyList<ContainerListing>> ListByLabelAsync(string key, string? value = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var filters = DockerFilters.ByLabel(ContainerLabels.Service, _options.ServiceId).Label(key, value);
        var containers = await _client.Containers.ListAsync(all: true, filters, cancellationToken).ConfigureAwait(false);
        var listings = new List<ContainerListing>(containers.Count);
        foreach (var container in containers)
        {
            listings.Add(new ContainerListing(
                container.Id,
                container.Names.Count > 0 ? container.Names[0].TrimStart('/') : "",
                container.State,
                DateTimeOffset.FromUnixTimeSeconds(container.Created),
                container.Labels ?? new Dictionary<string, string>()));
        }

        return listings;
    }

    public async Task<ContainerExecResult> ExecAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0)
        {
            throw new ArgumentException("An exec needs a command.", nameof(command));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var parameters = new ExecCreateParameters { Cmd = [.. command], AttachStdout = true, AttachStderr = true, WorkingDir = WorkspaceMountPath };
        var session = await _client.Exec.OpenAsync(containerId, parameters, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var stdout = new ArrayBufferWriter<byte>();
            var stderr = new ArrayBufferWriter<byte>();
            var truncated = false;
            var timedOut = false;
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                while (true)
                {
                    var result = await session.ReadAsync(buffer, deadline.Token).ConfigureAwait(false);
                    if (result.IsCompleted)
                    {
                        break;
                    }

                    var target = result.Stream == StdStream.Stderr ? stderr : stdout;
                    var keep = Math.Min(result.Count, _options.MaxExecOutputBytes - target.WrittenCount);
                    if (keep > 0)
                    {
                        target.Write(buffer.AsSpan(0, keep));
                    }

                    truncated |= keep < result.Count;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            var exitCode = timedOut ? -1 : await WaitForExitAsync(session, cancellationToken).ConfigureAwait(false);
            return new ContainerExecResult(exitCode, Encoding.UTF8.GetString(stdout.WrittenSpan), Encoding.UTF8.GetString(stderr.WrittenSpan), timedOut, truncated);
        }
    }

    public Task<ContainerStats> StatsAsync(string containerId, CancellationToken cancellationToken = default) =>
        _client.Containers.GetStatsAsync(containerId, cancellationToken);

    public IAsyncEnumerable<LogLine> LogsAsync(string containerId, int? tail = null, bool follow = false, DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        _client.Containers.GetLogsAsync(containerId, new LogsParameters { Tail = tail, Follow = follow, Since = since, Timestamps = true, Tty = false }, cancellationToken);

    public async IAsyncEnumerable<ContainerEngineEvent> WatchEventsAsync(DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parameters = new EventsParameters
        {
            Since = since,
            Filters = DockerFilters.ByLabel(ContainerLabels.Service, _options.ServiceId)
                .Add("type", "container")
                .Add("event", "die")
                .Add("event", "oom"),
        };
        await foreach (var engineEvent in _client.Events.MonitorAsync(parameters, cancellationToken).ConfigureAwait(false))
        {
            var kind = engineEvent.Action switch
            {
                "die" => ContainerEventKind.Died,
                "oom" => ContainerEventKind.OutOfMemory,
                _ => (ContainerEventKind?)null,
            };
            if (kind is null)
            {
                continue;
            }

            var attributes = engineEvent.Actor.Attributes;
            var workspace = attributes is not null && attributes.TryGetValue(ContainerLabels.Workspace, out var id) ? id : null;
            var name = attributes is not null && attributes.TryGetValue("name", out var containerName) ? containerName : null;
            yield return new ContainerEngineEvent(engineEvent.Actor.ID, workspace, kind.Value, engineEvent.ExitCode, engineEvent.Timestamp, name);
        }
    }

    public async Task<IContainerTerminal> OpenTerminalAsync(string containerId, IReadOnlyList<string> command, int columns, int rows, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0)
        {
            throw new ArgumentException("A terminal needs a command, for example [\"sh\", \"-l\"].", nameof(command));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var user = string.Create(CultureInfo.InvariantCulture, $"{_options.UserId}:{_options.GroupId}");
        return await DockerContainerTerminal.OpenAsync(_client, containerId, command, user, WorkspaceMountPath, columns, rows, _logger, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> WaitForExitAsync(ExecSession session, CancellationToken cancellationToken)
    {
        // The output has ended, so the exit code follows within milliseconds; bound the wait in case the engine never reports it.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        return await session.WaitForExitAsync(bound.Token).ConfigureAwait(false);
    }

    /// <summary>The internal network's name, creating it (internal: no route out) if missing. Concurrent creators agree on one.</summary>
    private async Task<string> EnsureInternalNetworkAsync(CancellationToken cancellationToken)
    {
        var name = _options.InternalNetworkName;
        await _networkLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await FindNetworkAsync(name, cancellationToken).ConfigureAwait(false))
            {
                return name;
            }

            var labels = new Dictionary<string, string>(_options.ExtraLabels, StringComparer.Ordinal) { [ContainerLabels.Service] = _options.ServiceId };
            try
            {
                await _client.Networks.CreateAsync(new NetworkCreateParameters { Name = name, Internal = true, Labels = labels }, cancellationToken).ConfigureAwait(false);
                LogNetworkCreated(_logger, name);
            }
            catch (DockerConflictException)
            {
                // Another silo created it meanwhile.
            }

            return name;
        }
        finally
        {
            _networkLock.Release();
        }
    }

    private async Task<bool> FindNetworkAsync(string name, CancellationToken cancellationToken)
    {
        // The daemon's name filter matches substrings: compare exactly.
        foreach (var network in await _client.Networks.ListAsync(new DockerFilters().Add("name", name), cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(network.Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<string, string> Labels(ContainerSpec spec)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in _options.ExtraLabels)
        {
            labels[key] = value;
        }

        if (spec.Labels is not null)
        {
            foreach (var (key, value) in spec.Labels)
            {
                labels[key] = value;
            }
        }

        if (spec.WarmPool is { } template)
        {
            labels[ContainerLabels.Pool] = template;
        }
        else
        {
            labels[ContainerLabels.Workspace] = spec.WorkspaceId;
            labels[ContainerLabels.Owner] = spec.Owner;
        }

        labels[ContainerLabels.Silo] = _options.SiloName;
        labels[ContainerLabels.Service] = _options.ServiceId;
        return labels;
    }

    /// <summary>A valid hostname (letters, digits, '-', at most 63) from the workspace id, so shell prompts name the workspace.</summary>
    private static string HostnameOf(string workspaceId)
    {
        var builder = new StringBuilder(Math.Min(workspaceId.Length, 63));
        foreach (var c in workspaceId)
        {
            if (builder.Length == 63)
            {
                break;
            }

            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var hostname = builder.ToString().Trim('-');
        return hostname.Length == 0 ? "workspace" : hostname;
    }

    private static bool IsTemplateName(string template)
    {
        if (template.Length > 64)
        {
            return false;
        }

        foreach (var c in template)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {Image} is missing: building it")]
    private static partial void LogBuildingImage(ILogger logger, string image);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created container {ContainerId} ({ContainerName}) for workspace {WorkspaceId} from {Image}, network {NetworkMode}")]
    private static partial void LogCreated(ILogger logger, string containerId, string containerName, string workspaceId, string image, string networkMode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-pool container {ContainerId} adopted as {ContainerName}, /workspace now {WorkspaceDirectory}")]
    private static partial void LogAdopted(ILogger logger, string containerId, string containerName, string workspaceDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the internal network {Network} (no route to the internet)")]
    private static partial void LogNetworkCreated(ILogger logger, string network);
}
