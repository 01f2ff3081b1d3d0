using Orleans.Concurrency;
using Vibe.Grains.Interfaces.Terminals;

namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>
/// One workspace: a hardened Docker container plus a host directory mounted at /workspace, keyed by the workspace id
/// (letters, digits, '.', '_', '-'; up to 64, starting with a letter or digit). Lifecycle calls are serialized by the grain;
/// each transition is persisted before and after its Docker call and repaired on the next activation if a crash cut it short.
/// Status changes go out on the "workspace-status" stream (key: the workspace id) and container output to the log watchers (<see cref="WatchLogs"/>).
/// Calls on a workspace that was never created throw <see cref="WorkspaceNotFoundException"/>; a transition that the current
/// status does not allow (starting a deleted workspace, deleting twice) throws <see cref="InvalidOperationException"/>.
/// </summary>
[Alias("Vibe.IWorkspaceGrain")]
public interface IWorkspaceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the workspace (directory with the template's starter files, and container) in status Stopped. When the template's
    /// image is not built yet, the container is left to the first start. Idempotent for an equal spec; another spec is an error.
    /// </summary>
    Task<WorkspaceInfo> Create(WorkspaceSpec spec);

    /// <summary>
    /// Starts the container (creating a new one if it is gone); a no-op when running. Throws <see cref="WorkspaceQuotaExceededException"/>
    /// when the owner runs too many. When the template's image is missing (minutes to build for a Debian-based one), it answers
    /// Starting once the build is under way, the quota slot reserved: the build's progress goes out as Starting status events and
    /// the outcome as Running or Failed (with the reason in <see cref="WorkspaceInfo.LastError"/>). Starting it again meanwhile
    /// answers Starting.
    /// </summary>
    Task<WorkspaceInfo> Start();

    /// <summary>Stops the container (SIGTERM, then SIGKILL after the stop timeout); a no-op when stopped. A failed workspace becomes Stopped.</summary>
    Task<WorkspaceInfo> Stop();

    /// <summary>Stops (when running) and starts again, as <see cref="Start"/> does.</summary>
    Task<WorkspaceInfo> Restart();

    /// <summary>
    /// Renames the workspace and/or changes its limits; null leaves a setting as it is. Limits change only while it is
    /// stopped or failed (Docker fixes them when it creates a container): the current container is removed and the next
    /// start creates one with the new limits; the files in /workspace stay.
    /// </summary>
    Task<WorkspaceInfo> Update(string? name, WorkspaceLimits? limits);

    /// <summary>Removes the container and the workspace's files; the workspace ends Deleted.</summary>
    Task Delete();

    /// <summary>The workspace's status and settings; answers even while a transition is under way.</summary>
    [AlwaysInterleave]
    Task<WorkspaceInfo> GetInfo();

    /// <summary>
    /// Whether this workspace still needs its slot in <paramref name="owner"/>'s running quota: it starts or runs, or a start has
    /// reserved the slot and not yet recorded Starting. False for a workspace that does not exist or belongs to someone else.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> HoldsQuotaSlot(string owner);

    /// <summary>A resource sample of the running container (takes about a second).</summary>
    [AlwaysInterleave]
    Task<WorkspaceStats> GetStats();

    /// <summary>The last <paramref name="tail"/> lines the container's main process wrote.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<WorkspaceLogLine>> GetLogs(int tail);

    /// <summary>
    /// Pushes the container's output to <paramref name="observer"/> while the workspace runs, in order. The watch lapses unless
    /// renewed (called again) within a minute, and is lost when the activation moves: watchers renew it periodically.
    /// </summary>
    [AlwaysInterleave]
    Task WatchLogs(IWorkspaceLogObserver observer);

    /// <summary>Stops pushing output to <paramref name="observer"/>.</summary>
    [AlwaysInterleave]
    Task UnwatchLogs(IWorkspaceLogObserver observer);

    /// <summary>Records activity (a terminal keystroke, an editor open...), which postpones idle auto-stop.</summary>
    Task Touch();

    /// <summary>
    /// Runs a command in the running container as the workspace user, without a TTY; counts as activity. It does not wait
    /// behind a lifecycle call, but lifecycle calls made meanwhile wait for it (at most its timeout): long-lived processes
    /// belong in a terminal session.
    /// </summary>
    [AlwaysInterleave]
    Task<WorkspaceExecResult> Exec(IReadOnlyList<string> command, TimeSpan timeout);

    /// <summary>
    /// Opens a new terminal session (a login shell, see <see cref="IContainerSessionGrain.Open"/>) in the running workspace under a
    /// new session id and records it; counts as activity. Throws <see cref="InvalidOperationException"/> when the workspace is not
    /// running or already has WorkspaceOptions.MaxTerminalsPerWorkspace sessions open (10 by default).
    /// </summary>
    /// <param name="opener">Who opens it, recorded with the session (see <see cref="TerminalSessionInfo.Owner"/>).</param>
    Task<TerminalSessionInfo> OpenTerminal(int columns, int rows, TerminalOpener? opener = null);

    /// <summary>The workspace's running terminal sessions, in the order they were opened; ended ones are left out. Empty unless it runs.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<TerminalSessionInfo>> ListTerminals();

    /// <summary>The entries of a directory of the workspace ("" or "." for its root).</summary>
    Task<IReadOnlyList<WorkspaceFileEntry>> ListFiles(string path);

    /// <summary>A file's content, up to the size cap (5 MiB by default).</summary>
    Task<byte[]> ReadFile(string path);

    /// <summary>Writes a file atomically, creating its parent directories; it belongs to the workspace user.</summary>
    Task WriteFile(string path, byte[] content);

    /// <summary>Deletes a file, a symlink (not what it points to) or a directory with everything in it.</summary>
    Task DeleteFile(string path);

    /// <summary>Renames a file or directory, creating the target's parent directories; the target must not exist.</summary>
    Task MoveFile(string from, string to);

    /// <summary>
    /// The TCP ports processes in the running container listen on (read from /proc/net/tcp and tcp6), in ascending order, with
    /// whether each is public. Throws <see cref="InvalidOperationException"/> when the workspace is not running.
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<WorkspacePort>> ListPorts();

    /// <summary>The container's address for the preview proxy and the public ports; answers whatever the status.</summary>
    [AlwaysInterleave]
    Task<WorkspacePreviewTarget> GetPreviewTarget();

    /// <summary>Opens <paramref name="port"/>'s preview to anyone with the link, or makes it private again; ports are 1 to 65535.</summary>
    Task<WorkspacePreviewTarget> SetPortPublic(int port, bool isPublic);

    /// <summary>Compares the recorded status with the engine's view and repairs it (container died, vanished, or runs unexpectedly).</summary>
    Task<WorkspaceInfo> Reconcile();

    /// <summary>The engine reported a die or OOM event for a container; ignored unless it is this workspace's current one.</summary>
    Task OnContainerEvent(WorkspaceContainerEvent containerEvent);

    /// <summary>Whether the container is this workspace's (for the orphan sweeper); false for unknown and deleted workspaces.</summary>
    [AlwaysInterleave]
    Task<bool> OwnsContainer(string containerId, string containerName);
}
