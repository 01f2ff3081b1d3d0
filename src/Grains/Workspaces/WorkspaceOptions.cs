using Vibe.Docker.Runtime;
using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces;

/// <summary>The workspace grains' settings. Bound with <c>AddWorkspaces</c>; validated when the silo starts.</summary>
public sealed class WorkspaceOptions
{
    /// <summary>The host directory holding one directory per workspace, bind-mounted at /workspace (default ".data/workspaces", the silo's data directory).</summary>
    public string Root { get; set; } = Path.Combine(".data", "workspaces");

    /// <summary>A running workspace with no activity for this long is stopped (default 30 min).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a running workspace checks whether it is idle, as a reminder period (default 1 min; at least ReminderOptions.MinimumReminderPeriod).</summary>
    public TimeSpan IdleCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many workspaces one owner may run at once (default 10).</summary>
    public int MaxRunningWorkspacesPerOwner { get; set; } = 10;

    /// <summary>How long a stop waits after SIGTERM before SIGKILL (default 10 s).</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest file ReadFile returns and WriteFile accepts (default 5 MiB; at most 10 MiB, as content crosses silos in one message).</summary>
    public long MaxFileBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>The longest a command run through Exec may take before it returns as timed out (default 25 s, under the 30 s call timeout).</summary>
    public TimeSpan MaxExecTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How many terminal sessions one workspace may have open at once (default 10).</summary>
    public int MaxTerminalsPerWorkspace { get; set; } = 10;

    /// <summary>How much of a terminal session's last output is kept for clients that attach later, in characters (default 256 Ki; at most 1 Mi).</summary>
    public int TerminalScrollbackChars { get; set; } = 256 * 1024;

    /// <summary>Limits of workspaces created without their own (default one CPU, 1 GiB, 512 processes).</summary>
    public WorkspaceLimits DefaultLimits { get; set; } = new(NanoCpus: 1_000_000_000, MemoryBytes: 1024L * 1024 * 1024, PidsLimit: 512);

    /// <summary>
    /// The most a workspace may ask for; create and update requests beyond it are refused (default: this host's CPU count,
    /// 4 GiB, 4096 processes). Set it to what one workspace may take of this host.
    /// </summary>
    public WorkspaceLimits MaxLimits { get; set; } = new(NanoCpus: Environment.ProcessorCount * 1_000_000_000L, MemoryBytes: 4L * 1024 * 1024 * 1024, PidsLimit: 4096);

    /// <summary>
    /// The most a workspace's files may take on the host, in bytes (default 10 GiB; null: no quota). Checked with each idle
    /// check while it runs (a workspace over it is stopped, saying why) and before each start (refused while over).
    /// </summary>
    public long? DiskQuotaBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>How many workspaces one user may have (created by them, personal or in teams; default 20).</summary>
    public int MaxWorkspacesPerUser { get; set; } = 20;

    /// <summary>How many workspaces one team may have (default 50).</summary>
    public int MaxWorkspacesPerTeam { get; set; } = 50;

    /// <summary>
    /// Warm pool: per template, how many stopped, hardened containers to keep made ahead (for example "blank": 4; default none).
    /// A workspace with the default limits and no network adopts one instead of creating its container. The pool refills in
    /// the background and its unused containers are removed when the silo stops.
    /// </summary>
    public Dictionary<string, int> WarmPool { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The uid and gid workspace processes run as and that own the workspace directories and the files written through the grains
    /// (<c>Vibe:Workspaces:UserId</c>, default 64000). It must be no host user's or group's: the silo refuses to start otherwise.
    /// </summary>
    public int UserId { get; set; } = ContainerRuntimeOptions.DefaultUserId;

    /// <summary>
    /// Skip the start-up check that the mount holding <see cref="Root"/> has <c>nosuid,nodev</c> (and their remount when it does
    /// not): insecure, since a setuid program or device node made in a workspace may then work on the host (default false).
    /// </summary>
    public bool AllowSuidMount { get; set; }

    /// <summary>The stream provider status and log events go out on (default "default").</summary>
    public string StreamProvider { get; set; } = WorkspaceStreams.Provider;

    /// <summary>
    /// Whether container logs go out on the <see cref="WorkspaceStreams.Logs"/> stream rather than to log watchers (default
    /// false). Set by the host when the streams are durable (on Kafka), which every web silo then subscribes to.
    /// </summary>
    public bool LogsOnStream { get; set; }

    /// <summary>Build the blank image when the silo starts if it is missing (default true).</summary>
    public bool BuildBlankImageOnStart { get; set; } = true;

    /// <summary>Containers younger than this are never swept as orphans: their grain may not have recorded them yet (default 2 min).</summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the silo sweeps orphaned containers; null: only when asked (default 15 min).</summary>
    public TimeSpan? OrphanSweepPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Forward the engine's die and OOM events to the workspace grains as they happen (default true).</summary>
    public bool MonitorContainerEvents { get; set; } = true;

    /// <summary>The collaborative documents of the workspaces' files: history, storage, file sync and presence timings.</summary>
    public DocumentOptions Documents { get; } = new();

    /// <summary>Watching the workspaces' directory trees for the open file trees: poll period and bounds.</summary>
    public WorkspaceTreeOptions FileTree { get; } = new();

    /// <summary>The absolute directory of one workspace.</summary>
    internal string DirectoryOf(string workspaceId) => Path.Combine(Path.GetFullPath(Root), workspaceId);

    /// <summary>The directory of the warm pool's container directories (which workspace ids, starting with a letter or digit, cannot name).</summary>
    internal string PoolDirectory => Path.Combine(Path.GetFullPath(Root), ".pool");
}
