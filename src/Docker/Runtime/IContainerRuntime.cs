using Vibe.Docker.Images;
using Vibe.Docker.Logs;
using Vibe.Docker.Stats;

namespace Vibe.Docker.Runtime;

/// <summary>
/// The only Docker surface grains see: hardened workspace containers, created, started, stopped, inspected and removed
/// by id. Containers belong to one service (<see cref="ContainerRuntimeOptions.ServiceId"/>); listing and events see only those.
/// Engine failures surface as <see cref="Errors.DockerApiException"/> with the engine's own message (<see cref="Errors.DockerUnavailableException"/>
/// when no engine answers or it is too old).
/// </summary>
public interface IContainerRuntime
{
    /// <summary>
    /// Makes sure the image of <paramref name="template"/> exists, building it if missing (one build per image at a time on
    /// this engine; callers meanwhile wait for it and see its progress), and returns its reference. A failed build throws
    /// <see cref="Errors.TemplateImageBuildException"/> saying why in a user's words; the details go to the log.
    /// </summary>
    Task<string> EnsureImageAsync(string template, IProgress<TemplateBuildProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Whether the image of <paramref name="template"/> exists on this engine (no build).</summary>
    Task<bool> HasImageAsync(string template, CancellationToken cancellationToken = default);

    /// <summary>Creates a hardened container (see <see cref="DockerContainerRuntime"/>) and returns its id. It is not started.</summary>
    Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands a never-started warm-pool container (see <see cref="ContainerSpec.WarmPool"/>) to a workspace: <paramref name="workspaceDirectory"/>
    /// is prepared like a new workspace's, the container's <paramref name="poolDirectory"/> (its /workspace bind, which Docker
    /// resolves at each start) becomes a symlink to it, and the container is renamed to <paramref name="name"/>.
    /// </summary>
    Task AdoptAsync(string containerId, string poolDirectory, string workspaceDirectory, string name, CancellationToken cancellationToken = default);

    /// <summary>Starts the container; returns false when it was already running.</summary>
    Task<bool> StartAsync(string containerId, CancellationToken cancellationToken = default);

    /// <summary>Sends SIGTERM, then SIGKILL after <paramref name="timeout"/>. Returns false when it was not running or does not exist.</summary>
    Task<bool> StopAsync(string containerId, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Removes the container, killing it if it runs; a container that is already gone is not an error.</summary>
    Task RemoveAsync(string containerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes this service's workspace networks older than <paramref name="gracePeriod"/> that no container of the service names
    /// (their container was removed outside Vibe); returns their names.
    /// </summary>
    Task<IReadOnlyList<string>> RemoveUnusedNetworksAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default);

    /// <summary>The container's state, by id or name; null when there is no such container.</summary>
    Task<ContainerStatus?> InspectAsync(string containerIdOrName, CancellationToken cancellationToken = default);

    /// <summary>This service's containers (running or not) carrying label <paramref name="key"/> (with <paramref name="value"/> when given).</summary>
    Task<IReadOnlyList<ContainerListing>> ListByLabelAsync(string key, string? value = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a command in the running container as its user, without a TTY, and collects its output. After <paramref name="timeout"/>
    /// it returns what arrived with <see cref="ContainerExecResult.TimedOut"/>; Docker cannot kill an exec, so the command runs on
    /// until it ends or the container stops (its limits bound it meanwhile).
    /// </summary>
    Task<ContainerExecResult> ExecAsync(string containerId, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>One resource sample (the engine takes about a second to compute CPU use).</summary>
    Task<ContainerStats> StatsAsync(string containerId, CancellationToken cancellationToken = default);

    /// <summary>The container's output lines with their timestamps: the last <paramref name="tail"/> (all when null), then new ones while <paramref name="follow"/>.</summary>
    IAsyncEnumerable<LogLine> LogsAsync(string containerId, int? tail = null, bool follow = false, DateTimeOffset? since = null, CancellationToken cancellationToken = default);

    /// <summary>Die and OOM events of this service's containers from <paramref name="since"/> (now when null) on, until cancelled.</summary>
    IAsyncEnumerable<ContainerEngineEvent> WatchEventsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts <paramref name="command"/> on a pseudo-terminal of <paramref name="columns"/> × <paramref name="rows"/> in the running
    /// container, as its user, in /workspace, with <c>TERM=xterm-256color</c>. Throws <see cref="Errors.DockerConflictException"/>
    /// when the container is not running.
    /// </summary>
    Task<IContainerTerminal> OpenTerminalAsync(string containerId, IReadOnlyList<string> command, int columns, int rows, CancellationToken cancellationToken = default);
}
