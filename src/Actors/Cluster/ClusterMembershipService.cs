using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Actors.Hosting;

namespace Vibe.Actors.Cluster;

/// <summary>
/// This silo's view of the cluster, after Orleans' membership protocol: it joins through the table
/// (Joining, connectivity check, Active), writes IAmAlive, probes a few other silos, votes suspects
/// dead, re-reads the table on gossip, and stops its silo at once if it reads itself Dead.
/// </summary>
internal sealed partial class ClusterMembershipService : IMembershipService, IDisposable
{
    private readonly IMembershipTable _table;
    private readonly ClusterOptions _cluster;
    private readonly ClusterMembershipOptions _options;
    private readonly SiloOptions _silo;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SiloAddress, int> _missedProbes = new();
    private readonly ConcurrentDictionary<SiloAddress, int> _loads = new();
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private MembershipSnapshot _snapshot = MembershipSnapshot.Empty;
    private int _declaredDead;
    private volatile bool _leaving;

    public ClusterMembershipService(IMembershipTable table, IOptions<ClusterOptions> cluster, IOptions<ClusterMembershipOptions> options, IOptions<SiloOptions> silo, ILogger<ClusterMembershipService> logger)
    {
        _table = table;
        _cluster = cluster.Value;
        _options = options.Value;
        _silo = silo.Value;
        _logger = logger;
    }

    public SiloAddress Self { get; private set; } = null!;

    public MembershipSnapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>Raised (old, new) after the snapshot changes; handlers must be quick.</summary>
    public event Action<MembershipSnapshot, MembershipSnapshot>? Changed;

    /// <summary>Activation counts other silos reported, for activation-count placement.</summary>
    public IReadOnlyDictionary<SiloAddress, int> Loads => _loads;

    /// <summary>Set by the runtime: a proxy to another silo's membership service.</summary>
    public Func<SiloAddress, IMembershipService> ServiceOf { get; set; } = _ => throw new InvalidOperationException("The runtime has not connected the membership service.");

    /// <summary>Set by the runtime: this silo's activation count.</summary>
    public Func<int> ActivationCount { get; set; } = () => 0;

    /// <summary>Set by the runtime: whether the silo still creates activations (false while it leaves).</summary>
    public Func<bool> IsAcceptingActivations { get; set; } = () => true;

    /// <summary>How long a leaving silo keeps forwarding after it wrote itself Dead: long enough for the others to re-read the table.</summary>
    public TimeSpan GossipGracePeriod => TimeSpan.FromMilliseconds(Math.Min(2000, Math.Max(100, _options.ProbePeriod.TotalMilliseconds * 2)));

    /// <summary>Set by the runtime: what to do when this silo reads itself Dead.</summary>
    public Action OnDeclaredDead { get; set; } = () => { };

    /// <summary>Writes this silo into the table, checks it can reach the active silos, and becomes Active.</summary>
    public async Task JoinAsync(SiloAddress self, CancellationToken cancellationToken)
    {
        Self = self;
        await _table.InitializeAsync(tryInitTableVersion: true, cancellationToken);
        var entry = new MembershipEntry
        {
            SiloAddress = self,
            Status = SiloStatus.Joining,
            SiloName = _silo.SiloName,
            HostName = Environment.MachineName,
            Role = _cluster.Role,
            StartTime = DateTime.UtcNow,
            IAmAliveTime = DateTime.UtcNow,
        };
        await WriteWithRetryAsync(async data =>
        {
            // A newer generation on the same endpoint replaces older ones: they are dead.
            foreach (var (old, etag) in data.Entries)
            {
                if (old.SiloAddress.IsSameEndpoint(self) && old.SiloAddress.Generation < self.Generation && old.Status != SiloStatus.Dead)
                {
                    LogSuperseded(_logger, old.SiloAddress, self);
                    return await _table.UpdateRowAsync(old with { Status = SiloStatus.Dead }, etag, data.Version.Next(), cancellationToken) ? null : false;
                }
            }

            return await _table.InsertRowAsync(entry, data.Version.Next(), cancellationToken);
        }, cancellationToken);
        LogJoining(_logger, self, _cluster.ClusterId);

        await RefreshAsync(cancellationToken);
        await CheckConnectivityAsync(cancellationToken);
        await SetStatusAsync(SiloStatus.Active, cancellationToken);
        await RefreshAsync(cancellationToken); // see ourselves Active at once, or we could place no grain until the next refresh
        LogActive(_logger, self, Current.Active.Count);
        Gossip();

        _loops.Add(RunPeriodicallyAsync(_options.ProbePeriod, ProbeAsync));
        _loops.Add(RunPeriodicallyAsync(_options.IAmAlivePeriod, ct => _table.UpdateIAmAliveAsync(entry with { Status = SiloStatus.Active, IAmAliveTime = DateTime.UtcNow }, ct)));
        _loops.Add(RunPeriodicallyAsync(_options.TableRefreshPeriod, RefreshAsync));
        _loops.Add(RunPeriodicallyAsync(_options.LoadPublishPeriod, PublishLoadAsync));
    }

    /// <summary>Marks this silo ShuttingDown (before its grains are deactivated).</summary>
    public Task BeginLeaveAsync(CancellationToken cancellationToken) => SetStatusAndGossipAsync(SiloStatus.ShuttingDown, cancellationToken);

    /// <summary>Marks this silo Dead (after its grains are deactivated) and stops the loops.</summary>
    public async Task CompleteLeaveAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        await SetStatusAndGossipAsync(SiloStatus.Dead, cancellationToken);
        await StopLoopsAsync();
    }

    /// <summary>Stops probing and refreshing without touching the table (the silo was killed or declared dead).</summary>
    public Task StopLoopsAsync()
    {
        _stopping.Cancel();
        return Task.WhenAll(_loops);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _refreshLock.Dispose();
    }

    /// <summary>Re-reads the table and publishes a new snapshot if it changed.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var data = await _table.ReadAllAsync(cancellationToken);
            var previous = Current;
            if (data.Version.Version <= previous.Version && previous.Version >= 0)
            {
                return;
            }

            var entries = new Dictionary<SiloAddress, MembershipEntry>();
            foreach (var (entry, _) in data.Entries)
            {
                entries[entry.SiloAddress] = entry;
            }

            var next = new MembershipSnapshot(data.Version.Version, entries);
            Volatile.Write(ref _snapshot, next);
            foreach (var silo in previous.Active.Except(next.Active))
            {
                _missedProbes.TryRemove(silo, out _);
                _loads.TryRemove(silo, out _);
            }

            if (next.StatusOf(Self) == SiloStatus.Dead && !_leaving && Interlocked.Exchange(ref _declaredDead, 1) == 0)
            {
                LogDeclaredDead(_logger, Self);
                _stopping.Cancel();
                OnDeclaredDead();
                return;
            }

            Changed?.Invoke(previous, next);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public Task<int> Ping(string fromSilo) => Task.FromResult(ActivationCount());

    public Task MembershipChanged(int version)
    {
        if (version > Current.Version && !_stopping.IsCancellationRequested)
        {
            _ = RefreshQuietlyAsync();
        }

        return Task.CompletedTask;
    }

    public Task ReportLoad(string silo, int activationCount)
    {
        _loads[SiloAddress.Parse(silo)] = activationCount;
        return Task.CompletedTask;
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync(_stopping.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            LogRefreshFailed(_logger, ex);
        }
    }

    private async Task CheckConnectivityAsync(CancellationToken cancellationToken)
    {
        var others = Current.Active.Where(s => s != Self).ToList();
        var probes = others.Select(async silo =>
        {
            try
            {
                await ServiceOf(silo).Ping(Self.ToString()).WaitAsync(_options.ProbeTimeout, cancellationToken);
                return (silo, ok: true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return (silo, ok: false);
            }
        });
        foreach (var (silo, ok) in await Task.WhenAll(probes))
        {
            if (!ok)
            {
                // The failure detector will vote on it; a silo that cannot be reached should not keep us out.
                LogUnreachableOnJoin(_logger, silo);
            }
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        foreach (var target in ProbeTargets())
        {
            _ = ProbeOneAsync(target, cancellationToken);
        }

        await Task.CompletedTask;
    }

    /// <summary>The silos this one monitors: its successors in the sorted list of active silos.</summary>
    private List<SiloAddress> ProbeTargets()
    {
        var active = Current.Active;
        var self = -1;
        for (var i = 0; i < active.Count; i++)
        {
            if (active[i] == Self)
            {
                self = i;
            }
        }

        var targets = new List<SiloAddress>();
        for (var step = 1; step < active.Count && targets.Count < _options.NumProbedSilos; step++)
        {
            targets.Add(active[(Math.Max(self, 0) + step) % active.Count]);
        }

        return targets;
    }

    private async Task ProbeOneAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            var load = await ServiceOf(target).Ping(Self.ToString()).WaitAsync(_options.ProbeTimeout, cancellationToken);
            _loads[target] = load;
            _missedProbes.TryRemove(target, out _);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            var missed = _missedProbes.AddOrUpdate(target, 1, (_, n) => n + 1);
            LogProbeMissed(_logger, target, missed, ex.Message);
            if (missed >= _options.NumMissedProbesLimit && Current.IsActive(target))
            {
                await SuspectAsync(target, cancellationToken);
            }
        }
    }

    /// <summary>Adds this silo's vote against <paramref name="target"/>; declares it Dead when enough fresh votes are in.</summary>
    private async Task SuspectAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        var declared = false;
        var selfNotActive = false;
        await WriteWithRetryAsync(async data =>
        {
            var row = data.Entries.FirstOrDefault(e => e.Entry.SiloAddress == target);
            if (row.Entry is null || row.Entry.Status == SiloStatus.Dead)
            {
                return true;
            }

            // Only an active silo votes: one already declared dead (say, the cut-off side of a partition) must not evict others.
            if (data.Entries.FirstOrDefault(e => e.Entry.SiloAddress == Self).Entry?.Status != SiloStatus.Active)
            {
                selfNotActive = true;
                return true;
            }

            var now = DateTime.UtcNow;
            var votes = row.Entry.SuspectTimes
                .Where(v => now - v.Time < _options.DeathVoteExpirationTimeout && v.Voter != Self)
                .GroupBy(v => v.Voter)
                .Select(g => g.OrderByDescending(v => v.Time).First())
                .Append(new SuspectVote(Self, now))
                .ToList();
            // Silos that stopped writing IAmAlive (dead too, most likely) do not count, so a lone survivor can still evict.
            var staleBefore = now - (_options.IAmAlivePeriod * _options.NumMissedTableIAmAliveLimit);
            var active = data.Entries.Count(e => e.Entry.Status == SiloStatus.Active && (e.Entry.SiloAddress == Self || e.Entry.IAmAliveTime >= staleBefore));
            var required = Math.Max(1, Math.Min(_options.NumVotesForDeathDeclaration, (active + 1) / 2));
            declared = votes.Count >= required;
            var updated = row.Entry with { SuspectTimes = votes, Status = declared ? SiloStatus.Dead : row.Entry.Status };
            return await _table.UpdateRowAsync(updated, row.ETag, data.Version.Next(), cancellationToken);
        }, cancellationToken);

        if (selfNotActive)
        {
            await RefreshAsync(cancellationToken); // learn that we are dead, and stop
            return;
        }

        if (declared)
        {
            LogDeclaredOtherDead(_logger, target, Self);
            _missedProbes.TryRemove(target, out _);
            await RefreshAsync(cancellationToken);
            Gossip();
        }
    }

    private async Task SetStatusAndGossipAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        await SetStatusAsync(status, cancellationToken);
        await RefreshAsync(cancellationToken);
        Gossip();
    }

    private Task SetStatusAsync(SiloStatus status, CancellationToken cancellationToken) =>
        WriteWithRetryAsync(async data =>
        {
            var row = data.Entries.FirstOrDefault(e => e.Entry.SiloAddress == Self);
            if (row.Entry is null)
            {
                throw new InvalidOperationException($"Silo {Self} has no row in the membership table of cluster '{_cluster.ClusterId}'.");
            }

            if (row.Entry.Status == SiloStatus.Dead && status != SiloStatus.Dead)
            {
                throw new SiloUnavailableException($"Silo {Self} was declared dead by the cluster and cannot become {status}.");
            }

            return await _table.UpdateRowAsync(row.Entry with { Status = status, IAmAliveTime = DateTime.UtcNow }, row.ETag, data.Version.Next(), cancellationToken);
        }, cancellationToken);

    /// <summary>Reads the table and applies <paramref name="write"/> until it succeeds (true) or gives up (false from too many conflicts); null means "wrote something else, read again".</summary>
    private async Task WriteWithRetryAsync(Func<MembershipTableData, Task<bool?>> write, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var data = await _table.ReadAllAsync(cancellationToken);
            if (await write(data) == true)
            {
                return;
            }

            await Task.Delay(Random.Shared.Next(5, 20 + (attempt * 10)), cancellationToken);
        }

        throw new InvalidOperationException($"Could not write to the membership table of cluster '{_cluster.ClusterId}': too many concurrent writers.");
    }

    private Task WriteWithRetryAsync(Func<MembershipTableData, Task<bool>> write, CancellationToken cancellationToken) =>
        WriteWithRetryAsync(async data => (bool?)await write(data), cancellationToken);

    private void Gossip()
    {
        // Every silo that is not dead hears it, including ones still joining.
        var version = Current.Version;
        foreach (var (silo, entry) in Current.Entries)
        {
            if (silo != Self && entry.Status is not (SiloStatus.Dead or SiloStatus.None))
            {
                _ = ServiceOf(silo).MembershipChanged(version);
            }
        }
    }

    private Task PublishLoadAsync(CancellationToken cancellationToken)
    {
        var count = ActivationCount();
        foreach (var silo in Current.Active)
        {
            if (silo != Self)
            {
                _ = ServiceOf(silo).ReportLoad(Self.ToString(), count);
            }
        }

        return Task.CompletedTask;
    }

    private async Task RunPeriodicallyAsync(TimeSpan period, Func<CancellationToken, Task> action)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await action(_stopping.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogLoopFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} joining cluster {ClusterId}")]
    private static partial void LogJoining(ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} is active; {Count} active silos")]
    private static partial void LogActive(ILogger logger, SiloAddress silo, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Old} is superseded by {New} on the same endpoint and marked dead")]
    private static partial void LogSuperseded(ILogger logger, SiloAddress old, SiloAddress @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Active silo {Silo} did not answer while joining; the failure detector will decide")]
    private static partial void LogUnreachableOnJoin(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Probe of {Silo} missed ({Missed} in a row): {Reason}")]
    private static partial void LogProbeMissed(ILogger logger, SiloAddress silo, int missed, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared silo {Silo} dead (vote of {Voter})")]
    private static partial void LogDeclaredOtherDead(ILogger logger, SiloAddress silo, SiloAddress voter);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Silo {Silo} was declared dead by the cluster; stopping at once")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the membership table failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A membership task failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception ex);
}
