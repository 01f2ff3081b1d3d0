using System.Globalization;
using System.Runtime.Versioning;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.Streams;
using Vibe.Docker.Errors;
using Vibe.Docker.Images;
using Vibe.Docker.Runtime;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Placement;
using Vibe.Grains.Workspaces.Files;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// A workspace: its status machine, its container and its files. Not reentrant, so lifecycle calls run one at a time
/// and never race in Docker; only reads (info, stats, logs, ownership) and Exec interleave. Every transition is written
/// before the Docker call it covers and again after it, so an activation that finds a transitional status (Creating,
/// Starting, Stopping) or a container in an unexpected state repairs it from what the engine says: what to do is
/// decided by <see cref="WorkspaceReconcilePlanner"/> (a pure function, tested without Docker) and carried out here.
/// Every persisted change goes out on the status stream with the workspace as persisted, which the web front's
/// workspace index follows. Its clock is the silo's <see cref="TimeProvider"/>.
/// </summary>
[GrainSiloPlacementFilter]
[SupportedOSPlatform("linux")]
internal sealed partial class WorkspaceGrain(
    [PersistentState("workspace")] IPersistentState<WorkspaceState> workspace,
    IContainerRuntime runtime,
    TemplateStarters starters,
    IOptions<WorkspaceOptions> options,
    IOptions<ClusterOptions> clusterOptions,
    TimeProvider time,
    ILogger<WorkspaceGrain> logger) : Grain, IWorkspaceGrain, IRemindable
{
    private const string IdleReminder = "idle-stop";
    private const int MaxLogTail = 10_000;

    private readonly WorkspaceOptions _options = options.Value;
    private readonly GrainObservers<IWorkspaceLogObserver> _logWatchers = new(logger);
    private readonly DeferredQuotaChange _deferredQuota = new();
    private IAsyncStream<WorkspaceStatusChanged>? _statusStream;
    private IAsyncStream<WorkspaceLogLine>? _logStream;
    private bool _streamsUnavailable;
    private CancellationTokenSource? _logPump;
    private DateTimeOffset _lastActivity;
    private bool _idleReminderRegistered;

    // Set from just before a start reserves its quota slot until it has recorded Starting: in between, the recorded status
    // still says Stopped, and the quota grain must not take the slot for a stale one.
    private bool _startReservingQuota;

    // The template image build a start is waiting for, in this activation; while it runs, Starting is not an interrupted transition.
    private Task? _imageBuild;

    private WorkspaceState State => workspace.State;

    private string Id => this.GetPrimaryKeyString();

    private DateTimeOffset Now => time.GetUtcNow();

    private WorkspaceFileSystem Files => new(_options.DirectoryOf(Id), _options.UserId, chown: Environment.IsPrivilegedProcess, _options.MaxFileBytes);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastActivity = State.LastActivityAt;
        if (State.Status is null or WorkspaceStatus.Deleted)
        {
            return;
        }

        try
        {
            await ReconcileAsync(duringActivation: true, cancellationToken);
        }
        catch (Exception ex) when (ex is DockerApiException or IOException or OperationCanceledException)
        {
            // The engine may be down; the workspace stays as recorded and the next call reconciles again.
            LogReconcileFailed(logger, ex, Id);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopLogPump();
        if (State.Status is { } status && status != WorkspaceStatus.Deleted && _lastActivity > State.LastActivityAt)
        {
            try
            {
                State.LastActivityAt = _lastActivity;
                await workspace.WriteStateAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogActivityNotSaved(logger, ex, Id);
            }
        }
    }

    public async Task<WorkspaceInfo> Create(WorkspaceSpec spec)
    {
        WorkspaceIds.Validate(Id);
        var limits = ValidateSpec(spec);
        if (State.Status is { } status)
        {
            if (status == WorkspaceStatus.Deleted)
            {
                throw new ConflictException($"Workspace '{Id}' was deleted; its id cannot be used again. Create the workspace under a new id.");
            }

            var existing = State.Spec! with { Limits = State.Limits };
            if (existing != spec with { Limits = limits })
            {
                throw new ConflictException(
                    $"Workspace '{Id}' already exists with a different spec ({Describe(existing)}); asked for {Describe(spec with { Limits = limits })}.");
            }

            await RepairInterruptedTransitionAsync();
            return Info();
        }

        var now = Now;
        State.Spec = spec with { Limits = null };
        State.Limits = limits;
        State.CreatedAt = now;
        State.LastActivityAt = now;
        _lastActivity = now;
        NameNewContainer();

        // Records the container's name with the status, before the container exists; its id goes with the Stopped status.
        await SetStatusAsync(WorkspaceStatus.Creating);
        try
        {
            await starters.CopyAsync(spec.Template, Files);

            // A template image not built yet is built by the first start, which shows its progress; creating answers at once.
            if (await runtime.HasImageAsync(spec.Template))
            {
                State.ContainerId = await CreateNamedContainerAsync();
            }
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            await FailAsync($"Creating the container failed: {ex.Message}");
            throw;
        }

        await SetStatusAsync(WorkspaceStatus.Stopped);
        LogCreated(logger, Id, spec.Owner, spec.Template);
        return Info();
    }

    public async Task<WorkspaceInfo> Start()
    {
        EnsureExists();
        await RepairInterruptedTransitionAsync();
        if (State.Status == WorkspaceStatus.Running)
        {
            // A container that died unnoticed (a lost event) is started again rather than reported as running.
            await ReconcileAsync(duringActivation: false, CancellationToken.None);
        }

        switch (State.Status)
        {
            case WorkspaceStatus.Running:
                RecordActivity();
                return Info();
            case WorkspaceStatus.Stopped or WorkspaceStatus.Failed:
                await StartCoreAsync();
                return Info();
            case WorkspaceStatus.Starting when _imageBuild is not null:
                // Already starting, waiting for its image: the caller follows the status events.
                return Info();
            default:
                throw InvalidTransition("start");
        }
    }

    public async Task<WorkspaceInfo> Stop()
    {
        EnsureExists();
        await RepairInterruptedTransitionAsync();
        switch (State.Status)
        {
            case WorkspaceStatus.Stopped:
                return Info();
            case WorkspaceStatus.Failed:
                // Usually the container is down already, but a start can fail after Docker started it: stop it either way.
                await StopCoreAsync("stopped after a failure", releaseQuota: true);
                return Info();
            case WorkspaceStatus.Running:
                await StopCoreAsync(reason: null, releaseQuota: true);
                return Info();
            default:
                throw InvalidTransition("stop");
        }
    }

    public async Task<WorkspaceInfo> Restart()
    {
        EnsureExists();
        await RepairInterruptedTransitionAsync();
        switch (State.Status)
        {
            case WorkspaceStatus.Running:
                // Keep the quota slot across the restart: another start must not take it in between.
                await StopCoreAsync("restart", releaseQuota: false);
                await StartCoreAsync();
                return Info();
            case WorkspaceStatus.Stopped or WorkspaceStatus.Failed:
                await StartCoreAsync();
                return Info();
            default:
                throw InvalidTransition("restart");
        }
    }

    public async Task Delete()
    {
        EnsureExists();
        State.DeletePending = true;
        await workspace.WriteStateAsync();
        await FinishDeleteAsync(duringActivation: false);
    }

    public Task<WorkspaceInfo> GetInfo()
    {
        EnsureCreated();
        return Task.FromResult(Info());
    }

    public Task<bool> HoldsQuotaSlot(string owner) => Task.FromResult(
        State.Spec?.Owner == owner && (_startReservingQuota || State.Status is WorkspaceStatus.Starting or WorkspaceStatus.Running));

    public async Task<WorkspaceStats> GetStats()
    {
        var containerId = RunningContainer("read the stats of");
        var stats = await runtime.StatsAsync(containerId);
        return new WorkspaceStats(
            stats.Read,
            stats.CpuPercent,
            stats.MemoryUsedBytes,
            stats.MemoryLimitBytes,
            stats.Pids,
            stats.NetworkRxBytes,
            stats.NetworkTxBytes,
            stats.BlockReadBytes,
            stats.BlockWriteBytes);
    }

    public async Task<IReadOnlyList<WorkspaceLogLine>> GetLogs(int tail)
    {
        EnsureExists();
        ArgumentOutOfRangeException.ThrowIfNegative(tail);
        if (State.ContainerId is not { } containerId || tail == 0)
        {
            return [];
        }

        var lines = new List<WorkspaceLogLine>();
        try
        {
            await foreach (var line in runtime.LogsAsync(containerId, Math.Min(tail, MaxLogTail)))
            {
                lines.Add(WorkspaceLogPump.ToLogLine(Id, line));
            }
        }
        catch (DockerNotFoundException)
        {
            // The container is gone: it has no logs any more.
        }

        return lines;
    }

    public Task WatchLogs(IWorkspaceLogObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        DeactivateIfUnknown();
        _logWatchers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task UnwatchLogs(IWorkspaceLogObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _logWatchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task Touch()
    {
        EnsureExists();
        RecordActivity();
        await SaveActivityIfStaleAsync();
    }

    public async Task<WorkspaceExecResult> Exec(IReadOnlyList<string> command, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0 || string.IsNullOrEmpty(command[0]))
        {
            throw new InvalidRequestException("Give the command to run, for example [\"sh\", \"-c\", \"ls -la\"].");
        }

        if (timeout <= TimeSpan.Zero || timeout > _options.MaxExecTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"The timeout must be positive and at most {_options.MaxExecTimeout.TotalSeconds:0.#} s.");
        }

        var containerId = RunningContainer("run a command in");
        RecordActivity();
        try
        {
            var result = await runtime.ExecAsync(containerId, command, timeout);
            return new WorkspaceExecResult(result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, result.Truncated);
        }
        catch (DockerConflictException ex)
        {
            throw new ConflictException($"Workspace '{Id}' is not running ({ex.Message}).", ex);
        }
    }

    public async Task<IReadOnlyList<WorkspaceFileEntry>> ListFiles(string path)
    {
        EnsureExists();
        var entries = Files.List(path);
        RecordActivity();
        await SaveActivityIfStaleAsync();
        return entries;
    }

    public async Task<byte[]> ReadFile(string path)
    {
        EnsureExists();
        var content = Files.Read(path);
        RecordActivity();
        await SaveActivityIfStaleAsync();
        return content;
    }

    public async Task WriteFile(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        EnsureExists();
        Files.Write(path, content);
        RecordActivity();
        await SaveActivityIfStaleAsync();
    }

    public async Task DeleteFile(string path)
    {
        EnsureExists();
        Files.Delete(path);
        RecordActivity();
        await SaveActivityIfStaleAsync();
    }

    public async Task MoveFile(string from, string to)
    {
        EnsureExists();
        Files.Move(from, to);
        RecordActivity();
        await SaveActivityIfStaleAsync();
    }

    public async Task<WorkspaceInfo> Reconcile()
    {
        EnsureCreated();
        await ReconcileAsync(duringActivation: false, CancellationToken.None);
        return Info();
    }

    public async Task OnContainerEvent(WorkspaceContainerEvent containerEvent)
    {
        ArgumentNullException.ThrowIfNull(containerEvent);
        if (State.Status is null or WorkspaceStatus.Deleted || containerEvent.ContainerId != State.ContainerId)
        {
            DeactivateIfUnknown();
            return;
        }

        if (containerEvent.Kind == WorkspaceContainerEventKind.OutOfMemory)
        {
            // The kernel reports an OOM kill as a burst of events: one record and one status event per second is enough.
            if (!State.OomKilled || State.LastOomAt is not { } last || containerEvent.At - last > TimeSpan.FromSeconds(1))
            {
                State.OomKilled = true;
                State.LastOomAt = containerEvent.At;
                await workspace.WriteStateAsync();
                LogOutOfMemory(logger, Id, State.ContainerId);
                await PublishStatusAsync(new WorkspaceStatusChanged(Id, State.Status.Value, State.Status, Now, "out of memory: the kernel killed a process of the workspace", OomKilled: true, Workspace: Info()));
            }
        }

        await ReconcileAsync(duringActivation: false, CancellationToken.None);
    }

    public Task<bool> OwnsContainer(string containerId, string containerName)
    {
        DeactivateIfUnknown();
        var owns = State.Status is { } status && status != WorkspaceStatus.Deleted
            && (containerId == State.ContainerId || (State.ContainerId is null && containerName == State.ContainerName));
        return Task.FromResult(owns);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != IdleReminder)
        {
            return;
        }

        if (State.Status == WorkspaceStatus.Running)
        {
            // A missed die event would leave the workspace Running forever: look at the engine on every tick.
            await ReconcileAsync(duringActivation: false, CancellationToken.None);
        }

        if (State.Status != WorkspaceStatus.Running)
        {
            await UnregisterIdleReminderAsync();
            return;
        }

        if (OverDiskQuota() is { } overQuota)
        {
            await StopCoreAsync(overQuota, releaseQuota: true);
            return;
        }

        var idle = Now - LastActivity;
        if (idle >= _options.IdleTimeout)
        {
            LogIdleStop(logger, Id, idle);
            await StopCoreAsync(string.Create(CultureInfo.InvariantCulture, $"idle for {idle.TotalMinutes:0.#} min"), releaseQuota: true);
            return;
        }

        await SaveActivityIfStaleAsync();
    }

    private async Task StartCoreAsync()
    {
        if (OverDiskQuota() is { } overQuota)
        {
            throw new ConflictException(overQuota);
        }

        var owner = State.Spec!.Owner;
        var quota = GrainFactory.GetGrain<IWorkspaceQuotaGrain>(owner);
        _startReservingQuota = true;
        try
        {
            if (!await quota.Reserve(Id))
            {
                var running = await quota.GetReservations();
                var limit = await quota.GetLimit();
                throw new WorkspaceQuotaExceededException(
                    $"Cannot start workspace '{Id}': {owner} already runs {running.Count} of at most {limit} workspaces ({string.Join(", ", running)}). Stop one of them first.");
            }

            await StartReservedAsync();
        }
        finally
        {
            _startReservingQuota = false;
        }
    }

    private async Task StartReservedAsync()
    {
        try
        {
            await SetStatusAsync(WorkspaceStatus.Starting);
            if (!await runtime.HasImageAsync(State.Spec!.Template))
            {
                // Minutes for a Debian-based template: the call answers now (Starting) and the start goes on when the image is
                // built, its progress and outcome sent as status events. The slot stays reserved meanwhile.
                BeginTemplateImageBuild();
                return;
            }
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            await FailAsync($"Starting failed: {ex.Message}");
            await ReleaseQuotaQuietlyAsync();
            throw;
        }

        await RunContainerAsync();
    }

    /// <summary>Starts the container of a workspace recorded Starting whose image exists, and records it Running (or Failed, rethrowing).</summary>
    private async Task RunContainerAsync()
    {
        try
        {
            var startedAt = Now;
            var containerId = await StartContainerAsync();
            State.StartedAt = startedAt;
            State.StoppedAt = null;
            State.ExitCode = null;
            State.OomKilled = false;
            State.LastOomAt = null;
            State.LastError = null;
            RecordActivity(startedAt);
            await SetStatusAsync(WorkspaceStatus.Running);
            await OnRunningAsync(containerId, startedAt);
            LogStarted(logger, Id, containerId);
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            await FailAsync($"Starting failed: {ex.Message}");
            await ReleaseQuotaQuietlyAsync();
            throw;
        }
    }

    /// <summary>
    /// Builds the template's missing image in the background (or joins the build under way on this silo). Its progress goes out
    /// as Starting events; when it ends, <see cref="FinishStartAfterBuildAsync"/> runs as a turn of its own that does not
    /// interleave with calls, so a stop or delete made meanwhile is seen.
    /// </summary>
    private void BeginTemplateImageBuild()
    {
        var template = State.Spec!.Template;
        var reports = Channel.CreateBounded<TemplateBuildProgress>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var build = runtime.EnsureImageAsync(template, new ChannelProgress<TemplateBuildProgress>(reports.Writer));
        _ = build.ContinueWith(static (_, writer) => ((ChannelWriter<TemplateBuildProgress>)writer!).TryComplete(), reports.Writer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _imageBuild = build;
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        _ = FollowTemplateImageBuildAsync(template, build, reports.Reader);
    }

    /// <summary>Runs in the activation's context (between the grain's turns): publishes build progress, then schedules the rest of the start.</summary>
    private async Task FollowTemplateImageBuildAsync(string template, Task build, ChannelReader<TemplateBuildProgress> reports)
    {
        await foreach (var report in reports.ReadAllAsync())
        {
            if (_imageBuild == build && State.Status == WorkspaceStatus.Starting)
            {
                await PublishStatusAsync(new WorkspaceStatusChanged(Id, WorkspaceStatus.Starting, WorkspaceStatus.Starting, Now, null, State.OomKilled, new WorkspaceImageBuild(template, report.Stage, report.Percent)));
            }
        }

        // Back on the grain's turn through a timer; the activation may be deactivating by now (the silo stops), and then
        // registering throws. Nobody awaits this method, so that is logged here: the next activation finds Starting
        // without a build under way and reconciles it.
        try
        {
            IGrainTimer? timer = null;
            timer = this.RegisterGrainTimer(
                async _ =>
                {
                    timer?.Dispose();
                    await FinishStartAfterBuildAsync(build);
                },
                new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            LogBuildOutcomeLost(logger, ex, Id, template);
        }
    }

    private async Task FinishStartAfterBuildAsync(Task build)
    {
        if (_imageBuild != build)
        {
            return;
        }

        _imageBuild = null;
        if (State.Status != WorkspaceStatus.Starting || State.DeletePending)
        {
            // Deleted (or otherwise moved on) while the image was built: that call released the slot.
            DelayDeactivation(TimeSpan.Zero);
            return;
        }

        try
        {
            await build;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nobody waits on this start any more: its failure is the Failed status with its reason. The slot is released
            // first, so whoever sees Failed can start another workspace at once.
            await ReleaseQuotaQuietlyAsync();
            await FailAsync(ex is TemplateImageBuildException ? ex.Message : $"Starting failed: {ex.Message}");
            DelayDeactivation(TimeSpan.Zero);
            return;
        }

        try
        {
            await RunContainerAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Recorded as Failed by RunContainerAsync (or left Starting for the next call to repair when storage failed).
            LogStartAfterBuildFailed(logger, ex, Id);
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    /// <summary>Why the workspace may not run, when its files take more than the disk quota; null when they fit (or there is none).</summary>
    private string? OverDiskQuota()
    {
        if (_options.DiskQuotaBytes is not { } quota)
        {
            return null;
        }

        var used = WorkspaceDiskUsage.Measure(_options.DirectoryOf(Id), quota);
        if (used <= quota)
        {
            return null;
        }

        LogOverDiskQuota(logger, Id, used, quota);
        return string.Create(CultureInfo.InvariantCulture,
            $"The workspace's files take more than its disk quota of {quota / (1024 * 1024)} MiB, so it cannot run; delete files (the file panel still works) and start it again.");
    }

    private async Task StopCoreAsync(string? reason, bool releaseQuota)
    {
        await SetStatusAsync(WorkspaceStatus.Stopping, reason);
        StopLogPump();
        if (State.ContainerId is { } containerId)
        {
            await runtime.StopAsync(containerId, _options.StopTimeout);
            State.ExitCode = (await runtime.InspectAsync(containerId))?.ExitCode;
        }

        State.StoppedAt = Now;
        await SetStatusAsync(WorkspaceStatus.Stopped, reason);
        await OnNotRunningAsync();
        if (releaseQuota)
        {
            await ReleaseQuotaQuietlyAsync();
        }

        LogStopped(logger, Id, reason ?? "asked");
    }

    /// <summary>Starts the recorded container, or a new one when there is none or it was removed outside Vibe; returns its id.</summary>
    private async Task<string> StartContainerAsync()
    {
        if (State.ContainerId is { } recorded)
        {
            try
            {
                // No inspect first: the start itself says when the container is gone.
                await runtime.StartAsync(recorded);
                return recorded;
            }
            catch (DockerNotFoundException)
            {
                // The container, or something it needs, is gone: EnsureContainerAsync finds out which and makes a new one if needed.
            }
        }

        var containerId = await EnsureContainerAsync();
        await runtime.StartAsync(containerId);
        return containerId;
    }

    /// <summary>
    /// The current container's id, creating a container when there is none. Its name is recorded before it is created; its id
    /// is recorded with the status change that follows (until then the name finds it).
    /// </summary>
    private async Task<string> EnsureContainerAsync()
    {
        if (State.ContainerId is { } existingId && await runtime.InspectAsync(existingId) is not null)
        {
            return existingId;
        }

        if (State.ContainerName is { } name && await runtime.InspectAsync(name) is { } named)
        {
            State.ContainerId = named.Id;
            await workspace.WriteStateAsync();
            return named.Id;
        }

        NameNewContainer();
        await workspace.WriteStateAsync();
        State.ContainerId = await CreateNamedContainerAsync();
        return State.ContainerId;
    }

    /// <summary>Gives the next container a new name (recorded by the caller's next write, before the container is made).</summary>
    private void NameNewContainer()
    {
        State.ContainerGeneration++;
        State.ContainerName = WorkspaceContainerNames.Format(clusterOptions.Value.ServiceId, Id, State.ContainerGeneration);
        State.ContainerId = null;
    }

    /// <summary>Makes the container named in the state, adopting one from the warm pool when it has one that fits; returns its id.</summary>
    private async Task<string> CreateNamedContainerAsync()
    {
        var name = State.ContainerName!;
        if (await AdoptPooledContainerAsync(name) is { } adopted)
        {
            return adopted;
        }

        var spec = State.Spec!;
        var image = await runtime.EnsureImageAsync(spec.Template);
        var limits = State.Limits!;
        return await runtime.CreateAsync(new ContainerSpec
        {
            WorkspaceId = Id,
            Owner = spec.Owner,
            Image = image,
            Name = name,
            Limits = new ContainerLimits(limits.NanoCpus, limits.MemoryBytes, limits.PidsLimit),
            Network = spec.Network switch
            {
                WorkspaceNetworkPolicy.Internal => ContainerNetworkPolicy.Internal,
                WorkspaceNetworkPolicy.Internet => ContainerNetworkPolicy.Internet,
                _ => ContainerNetworkPolicy.None,
            },
            WorkspaceDirectory = _options.DirectoryOf(Id),
        });
    }

    /// <summary>A call found a transition that did not finish (an earlier call failed midway): settle it first.</summary>
    private async Task RepairInterruptedTransitionAsync()
    {
        if (State.DeletePending || State.Status is WorkspaceStatus.Creating or WorkspaceStatus.Starting or WorkspaceStatus.Stopping)
        {
            await ReconcileAsync(duringActivation: false, CancellationToken.None);
        }
    }

    /// <summary>
    /// Brings the recorded status in line with the engine. During activation the quota grain is not called (it may be the
    /// one activating this grain, waiting on it); the quota change is made by a timer right after activation instead.
    /// </summary>
    private async Task ReconcileAsync(bool duringActivation, CancellationToken cancellationToken)
    {
        if (State.Status is not { } recorded || recorded == WorkspaceStatus.Deleted)
        {
            return;
        }

        if (recorded == WorkspaceStatus.Starting && _imageBuild is not null && !State.DeletePending)
        {
            // Not interrupted: the start waits for its template image in this activation and goes on when it is built.
            return;
        }

        if (State.DeletePending)
        {
            await FinishDeleteAsync(duringActivation);
            return;
        }

        ContainerStatus? container = null;
        if (State.ContainerId is { } containerId)
        {
            container = await runtime.InspectAsync(containerId, cancellationToken);
        }
        else if (State.ContainerName is { } name)
        {
            container = await runtime.InspectAsync(name, cancellationToken);
            if (container is not null)
            {
                State.ContainerId = container.Id;
                await workspace.WriteStateAsync(cancellationToken);
            }
        }

        await CarryOutAsync(WorkspaceReconcilePlanner.Plan(recorded, container, State.OomKilled), container, duringActivation);
    }

    /// <summary>Carries out what <see cref="WorkspaceReconcilePlanner"/> planned for <paramref name="container"/> (null: it does not exist).</summary>
    private async Task CarryOutAsync(WorkspaceReconcilePlan plan, ContainerStatus? container, bool duringActivation)
    {
        if (container is null && State.ContainerId is not null)
        {
            State.ContainerId = null;
            if (plan.Step == WorkspaceReconcileStep.ForgetContainer)
            {
                await workspace.WriteStateAsync();
            }
        }

        switch (plan.Step)
        {
            case WorkspaceReconcileStep.ResumeRunning:
                await OnRunningAsync(container!.Id, Now);
                return;
            case WorkspaceReconcileStep.FinishStop:
                // The stop was asked for and cut short: finish it (during activation the quota is released by the timer below).
                await StopCoreAsync(plan.Reason!, releaseQuota: !duringActivation);
                if (duringActivation)
                {
                    await ChangeQuotaAsync(WorkspaceQuotaChange.Release, duringActivation);
                }

                return;
            case WorkspaceReconcileStep.AdoptRunning:
                State.StartedAt ??= container!.StartedAt;
                State.StoppedAt = null;
                State.LastError = null;
                RecordActivity();
                await SetStatusAsync(WorkspaceStatus.Running, plan.Reason);
                await OnRunningAsync(container!.Id, Now);
                break;
            case WorkspaceReconcileStep.MarkStopped or WorkspaceReconcileStep.MarkFailed:
                if (plan.RecordExit)
                {
                    State.StoppedAt = container!.FinishedAt > DateTimeOffset.UnixEpoch ? container.FinishedAt : Now;
                    State.ExitCode = container.ExitCode;
                    State.OomKilled |= container.OomKilled;
                }
                else
                {
                    State.StoppedAt ??= Now;
                }

                if (plan.Step == WorkspaceReconcileStep.MarkFailed)
                {
                    await FailAsync(plan.Reason!);
                }
                else
                {
                    await SetStatusAsync(WorkspaceStatus.Stopped, plan.Reason);
                }

                await OnNotRunningAsync();
                break;
            default:
                return;
        }

        await ChangeQuotaAsync(plan.Quota, duringActivation);
    }

    private async Task FinishDeleteAsync(bool duringActivation)
    {
        StopLogPump();
        if ((State.ContainerId ?? State.ContainerName) is { } container)
        {
            await runtime.RemoveAsync(container);
        }

        Files.DeleteAll();
        State.ContainerId = null;
        State.DeletePending = false;
        State.StoppedAt ??= Now;
        await SetStatusAsync(WorkspaceStatus.Deleted);
        await OnNotRunningAsync();
        await ChangeQuotaAsync(WorkspaceQuotaChange.Release, duringActivation);
        LogDeleted(logger, Id);
    }

    private async Task FailAsync(string error)
    {
        try
        {
            State.LastError = error;
            await SetStatusAsync(WorkspaceStatus.Failed, error);
            LogFailed(logger, Id, error);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Recording the failure failed too (storage down): the transitional status stays and the next call repairs it.
            LogFailureNotRecorded(logger, ex, Id, error);
        }
    }

    private async Task SetStatusAsync(WorkspaceStatus status, string? reason = null)
    {
        var previous = State.Status;
        var now = Now;
        State.Status = status;
        State.StatusChangedAt = now;
        if (_lastActivity > State.LastActivityAt)
        {
            State.LastActivityAt = _lastActivity;
        }

        await workspace.WriteStateAsync();
        await PublishStatusAsync(new WorkspaceStatusChanged(Id, status, previous, now, reason, State.OomKilled, Workspace: Info()));
    }

    /// <summary>A running workspace stays active (its log pump and idle reminder live in the activation) and checks for idleness.</summary>
    private async Task OnRunningAsync(string containerId, DateTimeOffset logsSince)
    {
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        if (!_idleReminderRegistered)
        {
            await this.RegisterOrUpdateReminder(IdleReminder, _options.IdleCheckPeriod, _options.IdleCheckPeriod);
            _idleReminderRegistered = true;
        }

        if (_logPump is null)
        {
            StartLogPump(containerId, logsSince);
        }
    }

    private async Task OnNotRunningAsync()
    {
        StopLogPump();
        DelayDeactivation(TimeSpan.Zero);
        await UnregisterIdleReminderAsync();
        await EndTerminalsAsync();
    }

    private async Task UnregisterIdleReminderAsync()
    {
        _idleReminderRegistered = false;
        if (await this.GetReminder(IdleReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task ChangeQuotaAsync(WorkspaceQuotaChange action, bool duringActivation)
    {
        if (!duringActivation)
        {
            await ApplyQuotaActionAsync(action);
            return;
        }

        _deferredQuota.Defer(this, action, ApplyQuotaActionAsync);
    }

    private async Task ApplyQuotaActionAsync(WorkspaceQuotaChange action)
    {
        if (State.Spec is not { } spec || action == WorkspaceQuotaChange.None)
        {
            return;
        }

        var quota = GrainFactory.GetGrain<IWorkspaceQuotaGrain>(spec.Owner);
        if (action == WorkspaceQuotaChange.Release)
        {
            await ReleaseQuotaQuietlyAsync();
        }
        else if (!await quota.Reserve(Id))
        {
            // It runs already; stopping it behind the user's back would be worse than one workspace over the limit.
            LogOverQuota(logger, Id, spec.Owner);
        }
    }

    private async Task ReleaseQuotaQuietlyAsync()
    {
        try
        {
            await GrainFactory.GetGrain<IWorkspaceQuotaGrain>(State.Spec!.Owner).Release(Id);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The quota grain drops slots whose workspace no longer runs when the owner reaches the limit.
            LogReleaseFailed(logger, ex, Id);
        }
    }

    private void StartLogPump(string containerId, DateTimeOffset since)
    {
        StopLogPump();
        Func<IReadOnlyList<WorkspaceLogLine>, Task> publish = NotifyLogWatchersAsync;
        if (_options.LogsOnStream && !_streamsUnavailable && LogStream() is { } stream)
        {
            // Durable streams: the lines are stored (in order, one record per batch) before the next batch goes.
            publish = lines => stream.OnNextBatchAsync(lines);
        }

        _logPump = WorkspaceLogPump.Start(runtime, Id, containerId, since, publish, logger);
    }

    private Task NotifyLogWatchersAsync(IReadOnlyList<WorkspaceLogLine> lines) => _logWatchers.NotifyAsync(watcher => watcher.OnLogs(lines));

    private void StopLogPump()
    {
        if (_logPump is { } pump)
        {
            _logPump = null;
            pump.Cancel();
            pump.Dispose();
        }
    }

    private async Task PublishStatusAsync(WorkspaceStatusChanged change)
    {
        if (StatusStream() is not { } stream)
        {
            return;
        }

        try
        {
            await stream.OnNextAsync(change);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failing subscriber must not fail the transition, which has happened already.
            LogPublishFailed(logger, ex, Id, change.Status);
        }
    }

    private IAsyncStream<WorkspaceStatusChanged>? StatusStream()
    {
        if (_statusStream is null && !_streamsUnavailable)
        {
            _statusStream = this.TryGetStream<WorkspaceStatusChanged>(
                _options.StreamProvider, StreamId.Create(WorkspaceStreams.Status, Id), logger, "workspace status events are not published");
            _streamsUnavailable = _statusStream is null;
        }

        return _statusStream;
    }

    private IAsyncStream<WorkspaceLogLine>? LogStream()
    {
        if (_logStream is null && !_streamsUnavailable)
        {
            _logStream = this.TryGetStream<WorkspaceLogLine>(
                _options.StreamProvider, StreamId.Create(WorkspaceStreams.Logs, Id), logger, "container logs go to log watchers only");
            _streamsUnavailable = _logStream is null;
        }

        return _logStream;
    }

    private DateTimeOffset LastActivity => _lastActivity > State.LastActivityAt ? _lastActivity : State.LastActivityAt;

    private void RecordActivity(DateTimeOffset? at = null)
    {
        var now = at ?? Now;
        if (now > _lastActivity)
        {
            _lastActivity = now;
        }
    }

    /// <summary>Activity lives in memory and is written at most once per idle check period, so a busy editor does not write on every keystroke.</summary>
    private async Task SaveActivityIfStaleAsync()
    {
        if (_lastActivity - State.LastActivityAt >= _options.IdleCheckPeriod)
        {
            State.LastActivityAt = _lastActivity;
            await workspace.WriteStateAsync();
        }
    }

    private string RunningContainer(string what)
    {
        EnsureExists();
        if (State.Status != WorkspaceStatus.Running || State.ContainerId is not { } containerId)
        {
            throw new ConflictException($"Cannot {what} workspace '{Id}': it is {Describe(State.Status!.Value)}, not running. Start it first.");
        }

        return containerId;
    }

    /// <summary>An event or a sweep asked about a workspace that was never created: do not keep an empty activation around.</summary>
    private void DeactivateIfUnknown()
    {
        if (State.Status is null)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>Throws unless the workspace was created (it may be deleted).</summary>
    private void EnsureCreated()
    {
        if (State.Status is null)
        {
            DeactivateOnIdle();
            throw new WorkspaceNotFoundException($"Workspace '{Id}' does not exist; create it first.");
        }
    }

    /// <summary>Throws unless the workspace was created and is not deleted.</summary>
    private void EnsureExists()
    {
        EnsureCreated();
        if (State.Status == WorkspaceStatus.Deleted)
        {
            throw new ConflictException($"Workspace '{Id}' is deleted; nothing can be done with it any more.");
        }
    }

    private ConflictException InvalidTransition(string action) =>
        new($"Cannot {action} workspace '{Id}' while it is {Describe(State.Status!.Value)}.");

    private WorkspaceInfo Info()
    {
        var spec = State.Spec!;
        return new WorkspaceInfo(
            Id,
            spec.Owner,
            spec.Name,
            spec.Template,
            State.Status!.Value,
            State.ContainerId,
            State.Limits!,
            spec.Network,
            State.CreatedAt,
            State.StatusChangedAt,
            State.StartedAt,
            State.StoppedAt,
            LastActivity,
            State.LastError,
            State.ExitCode,
            State.OomKilled,
            State.LastOomAt);
    }

    private WorkspaceLimits ValidateSpec(WorkspaceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireText(spec.Owner, nameof(spec.Owner), 128);
        RequireText(spec.Name, nameof(spec.Name), 200);
        if (string.IsNullOrEmpty(spec.Template) || spec.Template.Length > 64 || !spec.Template.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new InvalidRequestException($"'{spec.Template}' is not a template name: use lower-case letters, digits and '-' (for example \"blank\").");
        }

        if (!Enum.IsDefined(spec.Network))
        {
            throw new InvalidRequestException($"Unknown network policy {spec.Network}.");
        }

        var limits = spec.Limits ?? _options.DefaultLimits;
        WorkspaceLimitsValidation.Validate(limits, _options.MaxLimits);
        return limits;
    }

    private static void RequireText(string? value, string name, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Any(char.IsControl))
        {
            throw new InvalidRequestException($"The workspace's {name.ToLowerInvariant()} must be 1 to {maxLength} characters without control characters.");
        }
    }

    private static string Describe(WorkspaceSpec spec) =>
        $"owner {spec.Owner}, name '{spec.Name}', template {spec.Template}, network {spec.Network}, limits {spec.Limits}";

    private static string Describe(WorkspaceStatus status) => WorkspaceReconcilePlanner.Describe(status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: the image of template {Template} was built while the workspace was deactivating; its next activation reconciles the start")]
    private static partial void LogBuildOutcomeLost(ILogger logger, Exception ex, string workspaceId, string template);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId} created for {Owner} from template {Template}")]
    private static partial void LogCreated(ILogger logger, string workspaceId, string owner, string template);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId} started in container {ContainerId}")]
    private static partial void LogStarted(ILogger logger, string workspaceId, string containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} uses more than {Used} bytes of disk, over its quota of {Quota} bytes")]
    private static partial void LogOverDiskQuota(ILogger logger, string workspaceId, long used, long quota);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId} stopped ({Reason})")]
    private static partial void LogStopped(ILogger logger, string workspaceId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId} deleted")]
    private static partial void LogDeleted(ILogger logger, string workspaceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId} idle for {Idle}: stopping it")]
    private static partial void LogIdleStop(ILogger logger, string workspaceId, TimeSpan idle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string workspaceId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: the OOM killer killed a process in container {ContainerId}")]
    private static partial void LogOutOfMemory(ILogger logger, string workspaceId, string? containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} could not be reconciled with the engine on activation")]
    private static partial void LogReconcileFailed(ILogger logger, Exception ex, string workspaceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workspace {WorkspaceId} failed ({Error}) and recording the failure failed too")]
    private static partial void LogFailureNotRecorded(ILogger logger, Exception ex, string workspaceId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: its last activity could not be saved on deactivation")]
    private static partial void LogActivityNotSaved(ILogger logger, Exception ex, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} runs although its owner {Owner} is at the limit of running workspaces")]
    private static partial void LogOverQuota(ILogger logger, string workspaceId, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: starting after its template image was built failed")]
    private static partial void LogStartAfterBuildFailed(ILogger logger, Exception ex, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: releasing its quota slot failed")]
    private static partial void LogReleaseFailed(ILogger logger, Exception ex, string workspaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: publishing status {Status} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, string workspaceId, WorkspaceStatus status);
}
