using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vibe.Docker.Errors;
using Vibe.Docker.Images;
using Vibe.Docker.Logs;
using Vibe.Docker.Network;
using Vibe.Docker.Stats;
using DockerApiException = Vibe.Docker.Errors.DockerApiException;

namespace Vibe.Docker.Runtime;

/// <summary>
/// <see cref="IContainerRuntime"/> on a Docker engine, through Docker.DotNet (see <see cref="DockerEngine"/>). Every container it
/// creates is hardened: all capabilities dropped, no-new-privileges, a pids limit, memory without extra swap, a CPU quota, a
/// read-only root with a writable bind of the workspace directory at /workspace and a size-capped tmpfs at /tmp, docker-init
/// as PID 1, the image's non-root user (<see cref="ContainerRuntimeOptions.UserId"/>), and no network unless the spec allows
/// one, in which case the container gets a bridge network of its own (see <see cref="WorkspaceNetworks"/>), removed with it.
/// Warm-pool containers are made the same way, bound to a pool directory that <see cref="AdoptAsync"/> later turns into a symlink to the workspace's.
/// </summary>
public sealed partial class DockerContainerRuntime : IContainerRuntime
{
    public const string BlankTemplate = "blank";

    private const string WorkspaceMountPath = "/workspace";

    private const string PoolHostname = "workspace";

    // Prints one line (so logs show the start) and sleeps; exec makes sleep the child of docker-init, so SIGTERM stops it at once.
    private static readonly string[] DefaultCommand = ["sh", "-c", "echo \"vibe workspace $VIBE_WORKSPACE ready\"; exec sleep infinity"];

    private readonly EngineClient _engine;
    private readonly ContainerRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly WorkspaceNetworks _networks;
    private readonly TemplateImageBuilds _imageBuilds;

    public DockerContainerRuntime(IDockerClient client, ContainerRuntimeOptions options, ILogger<DockerContainerRuntime>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ServiceId, nameof(options.ServiceId));
        _engine = new EngineClient(client);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _imageBuilds = new TemplateImageBuilds(client, options, _logger);
        _networks = new WorkspaceNetworks(_engine, options.Network, new Dictionary<string, string>(options.ExtraLabels, StringComparer.Ordinal) { [ContainerLabels.Service] = options.ServiceId });
    }

    public ContainerRuntimeOptions Options => _options;

    /// <summary>The image reference of a template: <c>vibe/{template}:latest</c>.</summary>
    public static string ImageOf(string template) => $"vibe/{template}:latest";

    public async Task<string> EnsureImageAsync(string template, IProgress<TemplateBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var image = ImageOfValid(template);
        if (await ImageExistsAsync(image, cancellationToken).ConfigureAwait(false))
        {
            return image;
        }

        if (template != BlankTemplate && !_options.TemplateDockerfiles.ContainsKey(template))
        {
            throw new ArgumentException($"There is no template '{template}': its image {image} does not exist and Vibe has no Dockerfile for it.", nameof(template));
        }

        await _engine.CallAsync((_, ct) => _imageBuilds.EnsureAsync(template, image, progress, ct), cancellationToken).ConfigureAwait(false);
        return image;
    }

    public Task<bool> HasImageAsync(string template, CancellationToken cancellationToken = default) =>
        ImageExistsAsync(ImageOfValid(template), cancellationToken);

    private static string ImageOfValid(string template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        if (!IsTemplateName(template))
        {
            throw new ArgumentException($"'{template}' is not a template name: use lower-case letters, digits and '-' (for example \"blank\").", nameof(template));
        }

        return ImageOf(template);
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
        var network = spec.Network switch
        {
            ContainerNetworkPolicy.None => null,
            ContainerNetworkPolicy.Internal => await _networks.CreateAsync(spec.Name, @internal: true, cancellationToken).ConfigureAwait(false),
            ContainerNetworkPolicy.Internet => await _networks.CreateAsync(spec.Name, @internal: false, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Network, "Unknown network policy."),
        };
        var networkMode = network ?? "none";
        var labels = Labels(spec);
        if (network is not null)
        {
            labels[ContainerLabels.Network] = network;
        }

        var parameters = new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Cmd = [.. spec.Command ?? DefaultCommand],
            User = string.Create(CultureInfo.InvariantCulture, $"{_options.UserId}:{_options.GroupId}"),
            WorkingDir = WorkspaceMountPath,
            Hostname = spec.WarmPool is null ? HostnameOf(spec.WorkspaceId) : PoolHostname,
            Env = spec.WarmPool is null ? [$"HOME={WorkspaceMountPath}", $"VIBE_WORKSPACE={spec.WorkspaceId}"] : [$"HOME={WorkspaceMountPath}"],
            Labels = labels,
            HostConfig = new HostConfig
            {
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                PidsLimit = spec.Limits.PidsLimit,
                Memory = spec.Limits.MemoryBytes,
                MemorySwap = spec.Limits.MemoryBytes,
                NanoCPUs = spec.Limits.NanoCpus,
                ReadonlyRootfs = true,
                Binds = [$"{spec.WorkspaceDirectory}:{WorkspaceMountPath}:rw"],
                Tmpfs = new Dictionary<string, string>
                {
                    ["/tmp"] = string.Create(CultureInfo.InvariantCulture, $"rw,nosuid,nodev,mode=1777,size={_options.TmpfsSizeBytes}"),
                },
                NetworkMode = networkMode,
                DNS = network is null || _options.Network.DnsServers.Count == 0 ? null : [.. _options.Network.DnsServers],
                Init = true,

                // The daemon's default json-file log grows without bound; what a workspace prints must not fill the host's disk.
                LogConfig = new LogConfig
                {
                    Type = "json-file",
                    Config = new Dictionary<string, string>
                    {
                        ["max-size"] = string.Create(CultureInfo.InvariantCulture, $"{_options.LogMaxSizeBytes}"),
                        ["max-file"] = string.Create(CultureInfo.InvariantCulture, $"{_options.LogMaxFiles}"),
                    },
                },
            },
        };

        CreateContainerResponse created;
        try
        {
            created = await _engine.CallAsync((docker, ct) => docker.Containers.CreateContainerAsync(parameters, ct), cancellationToken).ConfigureAwait(false);
        }
        catch when (network is not null)
        {
            await _networks.RemoveAsync(network, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        LogCreated(_logger, created.ID, spec.Name, spec.WarmPool is null ? spec.WorkspaceId : $"(warm pool of {spec.WarmPool})", spec.Image, networkMode);
        return created.ID;
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

        await _engine.CallAsync((docker, ct) => docker.Containers.RenameContainerAsync(containerId, new ContainerRenameParameters { NewName = name }, ct), cancellationToken).ConfigureAwait(false);
        LogAdopted(_logger, containerId, name, workspaceDirectory);
    }

    public Task<bool> StartAsync(string containerId, CancellationToken cancellationToken = default) =>
        _engine.CallAsync((docker, ct) => docker.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), ct), cancellationToken);

    public async Task<bool> StopAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var parameters = new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(Math.Max(timeout.TotalSeconds, 0)) };
        try
        {
            return await _engine.CallAsync((docker, ct) => docker.Containers.StopContainerAsync(containerId, parameters, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return false;
        }
    }

    public async Task RemoveAsync(string containerId, CancellationToken cancellationToken = default)
    {
        // The container names its own network: read it before the container is gone, remove it after.
        var network = (await InspectAsync(containerId, cancellationToken).ConfigureAwait(false))?.Labels.GetValueOrDefault(ContainerLabels.Network);
        try
        {
            var parameters = new ContainerRemoveParameters { Force = true, RemoveVolumes = true };
            await _engine.CallAsync((docker, ct) => docker.Containers.RemoveContainerAsync(containerId, parameters, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            // Already gone.
        }
        catch (DockerConflictException ex) when (ex.Message.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
        {
            // Someone else is removing it.
        }

        if (network is not null)
        {
            await _networks.RemoveAsync(network, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<string>> RemoveUnusedNetworksAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        // Any container of the service that names a network keeps it, running or not (a stopped one is not attached to it).
        var inUse = (await ListByLabelAsync(ContainerLabels.Network, cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(static c => c.Labels[ContainerLabels.Network]).ToHashSet(StringComparer.Ordinal);
        var removed = await _networks.RemoveUnusedAsync(inUse, DateTimeOffset.UtcNow - gracePeriod, cancellationToken).ConfigureAwait(false);
        foreach (var network in removed)
        {
            LogNetworkRemoved(_logger, network);
        }

        return removed;
    }

    public async Task<ContainerStatus?> InspectAsync(string containerIdOrName, CancellationToken cancellationToken = default)
    {
        ContainerInspectResponse inspect;
        try
        {
            inspect = await _engine.CallAsync((docker, ct) => docker.Containers.InspectContainerAsync(containerIdOrName, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return null;
        }

        var state = inspect.State;
        return new ContainerStatus(
            inspect.ID,
            inspect.Name.TrimStart('/'),
            state?.Running ?? false,
            state?.Status ?? "",
            (int)(state?.ExitCode ?? 0),
            state?.OOMKilled ?? false,
            string.IsNullOrEmpty(state?.Error) ? null : state.Error,
            EngineTime.Parse(state?.StartedAt),
            EngineTime.Parse(state?.FinishedAt),
            inspect.Config?.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal))
        {
            IPAddress = AddressOf(inspect.NetworkSettings),
        };
    }

    // Whatever network the container is on (the internal one, its own, the default bridge): the host reaches its address there.
    private static string? AddressOf(NetworkSettings? settings)
    {
        if (settings?.Networks is not { } networks)
        {
            return null;
        }

        foreach (var network in networks.Values)
        {
            if (!string.IsNullOrEmpty(network?.IPAddress))
            {
                return network.IPAddress;
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<ContainerListing>> ListByLabelAsync(string key, string? value = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = Filters(("label", $"{ContainerLabels.Service}={_options.ServiceId}"), ("label", value is null ? key : $"{key}={value}")),
        };
        var containers = await _engine.CallAsync((docker, ct) => docker.Containers.ListContainersAsync(parameters, ct), cancellationToken).ConfigureAwait(false);
        var listings = new List<ContainerListing>(containers.Count);
        foreach (var container in containers)
        {
            listings.Add(new ContainerListing(
                container.ID,
                container.Names is { Count: > 0 } names ? names[0].TrimStart('/') : "",
                container.State,
                EngineTime.FromDateTime(container.Created),
                container.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal)));
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
        var parameters = new ContainerExecCreateParameters { Cmd = [.. command], AttachStdout = true, AttachStderr = true, WorkingDir = WorkspaceMountPath };
        var (execId, stream) = await _engine.StartExecAsync(containerId, parameters, cancellationToken).ConfigureAwait(false);
        using (stream)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var output = new ExecOutput(_options.MaxExecOutputBytes);
            var timedOut = false;
            try
            {
                await output.ReadToEndAsync(stream, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
            }

            var exitCode = timedOut ? -1 : await WaitForExitAsync(execId, cancellationToken).ConfigureAwait(false);
            return new ContainerExecResult(exitCode, output.Stdout, output.Stderr, timedOut, output.Truncated);
        }
    }

    public async Task<ContainerStats> StatsAsync(string containerId, CancellationToken cancellationToken = default)
    {
        // One sample: the engine reads twice, about a second apart, so that the CPU use means something.
        var sample = new SampleProgress();
        await _engine.CallAsync(
            (docker, ct) => docker.Containers.GetContainerStatsAsync(containerId, new ContainerStatsParameters { Stream = false }, sample, ct),
            cancellationToken).ConfigureAwait(false);
        return StatsCalculator.Calculate(sample.Value ?? throw new DockerApiException(System.Net.HttpStatusCode.OK, $"The engine sent no stats for container {containerId}."));
    }

    public async IAsyncEnumerable<LogLine> LogsAsync(string containerId, int? tail = null, bool follow = false, DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = follow,
            Since = EngineTime.ToUnixSeconds(since),
            Tail = tail is { } lines ? lines.ToString(CultureInfo.InvariantCulture) : "all",
        };
        using var output = await _engine.CallAsync((docker, ct) => docker.Containers.GetContainerLogsAsync(containerId, parameters, ct), cancellationToken).ConfigureAwait(false);
        await foreach (var line in LogReader.ReadLinesAsync(output, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    public IAsyncEnumerable<ContainerEngineEvent> WatchEventsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        var parameters = new ContainerEventsParameters
        {
            Since = EngineTime.ToUnixSeconds(since),
            Filters = Filters(
                ("label", $"{ContainerLabels.Service}={_options.ServiceId}"),
                ("type", "container"),
                ("event", "die"),
                ("event", "oom")),
        };

        return ContainerEventFeed.ReadAsync(_engine, parameters, cancellationToken);
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
        return await DockerContainerTerminal.OpenAsync(_engine, containerId, command, user, WorkspaceMountPath, columns, rows, _logger, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> WaitForExitAsync(string execId, CancellationToken cancellationToken)
    {
        // The output has ended, so the exit code follows within milliseconds; bound the wait in case the engine never reports it.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        return await _engine.WaitForExitAsync(execId, bound.Token).ConfigureAwait(false);
    }

    private async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await _engine.CallAsync((docker, ct) => docker.Images.InspectImageAsync(image, ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerNotFoundException)
        {
            return false;
        }
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

    /// <summary>The <c>filters</c> of list and event calls: values of one name are ORed, different names ANDed.</summary>
    private static Dictionary<string, IDictionary<string, bool>> Filters(params (string Name, string Value)[] filters)
    {
        var result = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);
        foreach (var (name, value) in filters)
        {
            if (!result.TryGetValue(name, out var values))
            {
                values = new Dictionary<string, bool>(StringComparer.Ordinal);
                result.Add(name, values);
            }

            values[value] = true;
        }

        return result;
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

    /// <summary>Keeps the one sample of a non-streamed stats call, as it is reported.</summary>
    private sealed class SampleProgress : IProgress<ContainerStatsResponse>
    {
        public ContainerStatsResponse? Value { get; private set; }

        public void Report(ContainerStatsResponse value) => Value = value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created container {ContainerId} ({ContainerName}) for workspace {WorkspaceId} from {Image}, network {NetworkMode}")]
    private static partial void LogCreated(ILogger logger, string containerId, string containerName, string workspaceId, string image, string networkMode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed workspace network {Network}: no container uses it (its container was removed outside Vibe)")]
    private static partial void LogNetworkRemoved(ILogger logger, string network);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-pool container {ContainerId} adopted as {ContainerName}, /workspace now {WorkspaceDirectory}")]
    private static partial void LogAdopted(ILogger logger, string containerId, string containerName, string workspaceDirectory);

}
