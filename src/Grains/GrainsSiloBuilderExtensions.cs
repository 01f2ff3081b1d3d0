using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Vibe.Docker;
using Vibe.Docker.Network;
using Vibe.Docker.Runtime;
using Vibe.Grains.Agents;
using Vibe.Grains.Placement;
using Vibe.Grains.Workspaces;

namespace Vibe.Grains;

public static class GrainsSiloBuilderExtensions
{
    // Base64 makes 10 MiB about 13.4 MiB: still under the 16 MiB frame limit of silo-to-silo messages.
    private const long MaxFileBytesLimit = 10L * 1024 * 1024;

    private const int MaxWarmPoolSize = 100;

    // Escaped as JSON, a character of terminal output can take 6 bytes: 1 Mi characters stay under the 16 MiB frame limit.
    private const int MaxTerminalScrollbackChars = 1024 * 1024;

    /// <summary>
    /// What every silo of a Vibe cluster needs for Vibe's grains: the silo's <paramref name="role"/> in its metadata, the placement
    /// filter that keeps the grains off web silos (placement is decided on the calling silo, so web silos need it too) and the
    /// agent's options and model clients.
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="role"><see cref="SiloRoles.Grains"/> for a silo that hosts grains, <see cref="SiloRoles.Web"/> for a thin web front.</param>
    public static ISiloBuilder AddVibeGrains(this ISiloBuilder silo, string role)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        silo.UseSiloMetadata(new Dictionary<string, string>(StringComparer.Ordinal) { [SiloRoles.MetadataKey] = role });
        silo.Services.AddPlacementFilter<GrainSiloPlacementFilterStrategy, GrainSiloPlacementFilterDirector>(ServiceLifetime.Singleton);
        silo.Services.TryAddSingleton(TimeProvider.System); // the grains' clock; tests may register another first
        silo.AddAgents();
        return silo;
    }

    /// <summary>
    /// Hosts workspaces in this silo: the Docker engine of DOCKER_HOST (or the local socket) through
    /// <see cref="DockerContainerRuntime"/>, the blank image built at startup if missing, the engine's die/OOM events forwarded
    /// to the workspace grains, and the periodic orphan sweep. Needs a stream provider named
    /// <see cref="WorkspaceOptions.StreamProvider"/> ("default") and, for persistence across restarts, durable grain storage
    /// and reminders. Register an <see cref="IContainerRuntime"/> or a Docker.DotNet <see cref="IDockerClient"/> first to use another engine.
    /// </summary>
    public static ISiloBuilder AddWorkspaces(this ISiloBuilder silo, Action<WorkspaceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddVibeGrains(SiloRoles.Grains);
        var services = silo.Services;
        var workspaceOptions = services.AddOptions<WorkspaceOptions>();
        if (configure is not null)
        {
            workspaceOptions.Configure(configure);
        }

        workspaceOptions
            .Validate<IOptions<ReminderOptions>>(
                (o, reminders) => o.IdleCheckPeriod >= reminders.Value.MinimumReminderPeriod,
                "WorkspaceOptions.IdleCheckPeriod is a reminder period: it must be at least ReminderOptions.MinimumReminderPeriod.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Root), "WorkspaceOptions.Root must name a directory.")
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.IdleCheckPeriod > TimeSpan.Zero, "WorkspaceOptions.IdleTimeout and IdleCheckPeriod must be positive.")
            .Validate(o => o.MaxRunningWorkspacesPerOwner >= 1, "WorkspaceOptions.MaxRunningWorkspacesPerOwner must be at least 1.")
            .Validate(o => o.StopTimeout >= TimeSpan.Zero && o.MaxExecTimeout > TimeSpan.Zero, "WorkspaceOptions.StopTimeout must not be negative and MaxExecTimeout must be positive.")
            .Validate(o => o.MaxTerminalsPerWorkspace >= 1, "WorkspaceOptions.MaxTerminalsPerWorkspace must be at least 1.")
            .Validate(o => o.TerminalScrollbackChars is >= 1024 and <= MaxTerminalScrollbackChars, "WorkspaceOptions.TerminalScrollbackChars must be between 1024 and 1048576 (an attach sends it in one grain message of at most 16 MiB).")
            .Validate(o => o.MaxFileBytes is > 0 and <= MaxFileBytesLimit, "WorkspaceOptions.MaxFileBytes must be between 1 byte and 10 MiB (file content crosses silos in one grain message of at most 16 MiB).")
            .Validate(o => o.OrphanGracePeriod >= TimeSpan.Zero && (o.OrphanSweepPeriod is null || o.OrphanSweepPeriod > TimeSpan.Zero), "WorkspaceOptions.OrphanSweepPeriod must be positive (or null) and OrphanGracePeriod not negative.")
            .Validate(
                o => o.WarmPool.All(pool => IsTemplateName(pool.Key) && pool.Value is >= 0 and <= MaxWarmPoolSize),
                "WorkspaceOptions.WarmPool maps template names (lower-case letters, digits and '-') to pool sizes from 0 to 100.")
            .Validate(o => o.Documents.HistoryLength is >= 1 and <= 100_000, "WorkspaceOptions.Documents.HistoryLength must be between 1 and 100000 updates.")
            .Validate(o => o.Documents.SnapshotInterval is >= 1 and <= 10_000, "WorkspaceOptions.Documents.SnapshotInterval must be between 1 and 10000 updates.")
            .Validate(
                o => o.Documents.WriteDelay >= TimeSpan.Zero && o.Documents.DiskPollPeriod > TimeSpan.Zero && o.Documents.IdleTimeout > TimeSpan.Zero && o.Documents.PresenceTimeout > TimeSpan.Zero,
                "WorkspaceOptions.Documents: WriteDelay must not be negative; DiskPollPeriod, IdleTimeout and PresenceTimeout must be positive.")
            .Validate(o => o.FileTree.PollPeriod > TimeSpan.Zero, "WorkspaceOptions.FileTree.PollPeriod must be positive.")
            .Validate(o => o.FileTree.MaxWatchedEntries is >= 1 and <= 1_000_000, "WorkspaceOptions.FileTree.MaxWatchedEntries must be between 1 and 1000000.")
            .Validate(
                o => o.MaxLimits.NanoCpus >= WorkspaceLimitsValidation.MinNanoCpus && o.MaxLimits.MemoryBytes >= WorkspaceLimitsValidation.MinMemoryBytes && o.MaxLimits.PidsLimit >= WorkspaceLimitsValidation.MinPids,
                "WorkspaceOptions.MaxLimits are below Docker's minimums (0.01 CPUs, 8 MiB of memory, 8 processes).")
            .Validate(o => HasValidDefaultLimits(o), "WorkspaceOptions.DefaultLimits are out of range: CPUs 0.01 to this host's count, memory at least 8 MiB, processes at least 8, and none above WorkspaceOptions.MaxLimits.")
            .Validate(o => o.DiskQuotaBytes is null or >= 1024 * 1024, "WorkspaceOptions.DiskQuotaBytes must be at least 1 MiB (or unset for no quota).")
            .Validate(o => o.UserId is > 0 and not 65534, "Vibe:Workspaces:UserId must be a positive uid other than root (0) and nobody (65534).")
            .Validate(o => o.MaxWorkspacesPerUser >= 1 && o.MaxWorkspacesPerTeam >= 1, "WorkspaceOptions.MaxWorkspacesPerUser and MaxWorkspacesPerTeam must be at least 1.")
            .ValidateOnStart();

        services.AddOptions<ContainerRuntimeOptions>()
            .Configure<IOptions<ClusterOptions>, ILocalSiloDetails, IOptions<WorkspaceOptions>>((o, cluster, localSilo, workspaces) =>
            {
                o.ServiceId = cluster.Value.ServiceId;
                o.SiloName = localSilo.Name;
                o.UserId = o.GroupId = workspaces.Value.UserId;
            })
            .Validate(o => WorkspaceIds.IsValid(o.ServiceId), "ClusterOptions.ServiceId prefixes workspace container names: use letters, digits, '.', '_' or '-' (starting with a letter or digit).")
            .Validate(o => o.LogMaxSizeBytes >= 1024 * 1024 && o.LogMaxFiles >= 1, "Vibe:Workspaces:LogMaxSizeBytes must be at least 1 MiB and LogMaxFiles at least 1.")
            .ValidateOnStart();

        services.TryAddSingleton(sp => DockerEngine.Connect(logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger("Docker.DotNet")));
        services.TryAddSingleton<IContainerRuntime>(sp => new DockerContainerRuntime(
            sp.GetRequiredService<IDockerClient>(),
            sp.GetRequiredService<IOptions<ContainerRuntimeOptions>>().Value,
            sp.GetRequiredService<ILogger<DockerContainerRuntime>>()));
        services.TryAddSingleton(sp => new WorkspaceFirewall(
            sp.GetRequiredService<IOptions<ContainerRuntimeOptions>>().Value.Network,
            sp.GetRequiredService<ILogger<WorkspaceFirewall>>()));
        services.TryAddSingleton<TemplateStarters>();
        silo.AddStartupTask<WorkspaceImageBuilder>();
        services.AddHostedService<WorkspaceContainerMonitor>();
        services.TryAddSingleton<WorkspaceWarmPool>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkspaceWarmPool>());
        services.TryAddSingleton<WorkspaceOrphanSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkspaceOrphanSweeper>());
        return silo;
    }

    private static bool IsTemplateName(string template) =>
        template.Length is > 0 and <= 64 && template.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static bool HasValidDefaultLimits(WorkspaceOptions options)
    {
        try
        {
            WorkspaceLimitsValidation.Validate(options.DefaultLimits, options.MaxLimits);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
