using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Actors.Cluster;
using Vibe.Actors.Hosting;
using Vibe.Actors.Runtime;

namespace Vibe.Actors.Reminders;

/// <summary>
/// Keeps reminders in the reminder table and fires them: each due tick calls the grain's
/// <see cref="IRemindable.ReceiveReminder"/>, activating it if needed. Reminders survive restarts because
/// the silo reloads the table when it starts.
/// </summary>
internal sealed partial class ReminderService(IReminderTable table, IOptions<ReminderOptions> options, SiloRuntime silo, ILogger<ReminderService> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(GrainId Grain, string Name), Timer> _timers = new();
    private readonly TimeSpan _minimumPeriod = options.Value.MinimumReminderPeriod;
    private readonly CancellationTokenSource _stopping = new();
    private Func<GrainId, bool> _isOwned = static _ => true;
    private volatile bool _stopped;

    /// <summary>In a cluster, fire only the reminders whose grain this silo owns on the ring, and pick up changes of ownership.</summary>
    public void UseOwnership(SiloRuntime runtime)
    {
        var cluster = runtime.Cluster!;
        _isOwned = grainId => (cluster.Membership.Current.Ring.Owner(grainId.GetStableHash()) ?? cluster.Self) == cluster.Self;
        runtime.MembershipChanged += OnMembershipChanged;
        _ = RefreshPeriodicallyAsync(options.Value.RefreshPeriod);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken);
        var count = await ReloadAsync(cancellationToken);
        LogStarted(logger, count);
    }

    /// <summary>Schedules the reminders this silo owns and drops the ones it no longer owns; returns how many it owns.</summary>
    private async Task<int> ReloadAsync(CancellationToken cancellationToken)
    {
        var entries = await table.ReadAllAsync(cancellationToken);
        var owned = 0;
        var keep = new HashSet<(GrainId, string)>();
        foreach (var entry in entries)
        {
            if (_isOwned(entry.GrainId))
            {
                keep.Add((entry.GrainId, entry.ReminderName));
                if (!_timers.ContainsKey((entry.GrainId, entry.ReminderName)))
                {
                    Schedule(entry);
                }

                owned++;
            }
        }

        foreach (var key in _timers.Keys)
        {
            if (!keep.Contains(key))
            {
                Cancel(key.Grain, key.Name);
            }
        }

        return owned;
    }

    private void OnMembershipChanged(MembershipSnapshot snapshot) => _ = ReloadQuietlyAsync();

    private async Task ReloadQuietlyAsync()
    {
        try
        {
            await ReloadAsync(_stopping.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ObjectDisposedException)
        {
            LogReloadFailed(logger, ex);
        }
        catch (Exception)
        {
            // Stopping.
        }
    }

    private async Task RefreshPeriodicallyAsync(TimeSpan period)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await ReloadQuietlyAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reminderName);
        if (period < _minimumPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period,
                $"Reminder '{reminderName}' of grain {grainId} has period {period}, shorter than the minimum {_minimumPeriod}. Use a grain timer for short periods, or lower ReminderOptions.MinimumReminderPeriod.");
        }

        if (dueTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, $"Reminder '{reminderName}' needs a due time of zero or more.");
        }

        var existing = await table.ReadAsync(grainId, reminderName, CancellationToken.None);
        var entry = new ReminderEntry
        {
            GrainId = grainId,
            ReminderName = reminderName,
            StartAt = DateTime.UtcNow + dueTime,
            Period = period,
            ETag = existing?.ETag,
        };
        var etag = await table.UpsertAsync(entry, CancellationToken.None);
        if (_isOwned(grainId))
        {
            Schedule(entry with { ETag = etag });
        }
        else
        {
            Cancel(grainId, reminderName); // the owner picks it up when it next reads the table
        }
        return new GrainReminder(reminderName);
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string reminderName) =>
        await table.ReadAsync(grainId, reminderName, CancellationToken.None) is { } entry ? new GrainReminder(entry.ReminderName) : null;

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId) =>
        [.. (await table.ReadAsync(grainId, CancellationToken.None)).Select(e => new GrainReminder(e.ReminderName))];

    public async Task UnregisterAsync(GrainId grainId, IGrainReminder reminder)
    {
        Cancel(grainId, reminder.ReminderName);
        if (await table.ReadAsync(grainId, reminder.ReminderName, CancellationToken.None) is { ETag: { } etag })
        {
            await table.RemoveAsync(grainId, reminder.ReminderName, etag, CancellationToken.None);
        }
    }

    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _stopping.Cancel();
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }

    private void Schedule(ReminderEntry entry)
    {
        if (_stopped)
        {
            return;
        }

        var key = (entry.GrainId, entry.ReminderName);
        var timer = new Timer(static s => _ = ((Tick)s!).Service.FireAsync(((Tick)s!).Entry), new Tick(this, entry), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_timers.TryGetValue(key, out var previous))
        {
            previous.Dispose();
        }

        _timers[key] = timer;
        var wait = NextDue(entry, DateTime.UtcNow) - DateTime.UtcNow;
        timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Cancel(GrainId grainId, string reminderName)
    {
        if (_timers.TryRemove((grainId, reminderName), out var timer))
        {
            timer.Dispose();
        }
    }

    private async Task FireAsync(ReminderEntry entry)
    {
        if (_stopped || !_timers.ContainsKey((entry.GrainId, entry.ReminderName)))
        {
            return;
        }

        if (!_isOwned(entry.GrainId))
        {
            Cancel(entry.GrainId, entry.ReminderName); // ownership moved; the new owner fires it
            return;
        }

        var due = NextDue(entry, DateTime.UtcNow - TimeSpan.FromMilliseconds(1));
        try
        {
            var grain = (IRemindable)silo.CreateReference(typeof(IRemindable), entry.GrainId);
            await grain.ReceiveReminder(entry.ReminderName, new TickStatus(entry.StartAt, entry.Period, due));
        }
        catch (Exception ex)
        {
            LogTickFailed(logger, ex, entry.ReminderName, entry.GrainId);
        }

        // Re-arm from the table so an update or removal made meanwhile wins.
        if (!_stopped && _timers.TryGetValue((entry.GrainId, entry.ReminderName), out var timer))
        {
            var wait = NextDue(entry, DateTime.UtcNow) - DateTime.UtcNow;
            try
            {
                timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Replaced or removed concurrently.
            }
        }
    }

    /// <summary>The first tick time of <paramref name="entry"/> after <paramref name="now"/> (missed ticks are skipped, not replayed).</summary>
    private static DateTime NextDue(ReminderEntry entry, DateTime now)
    {
        if (entry.StartAt > now)
        {
            return entry.StartAt;
        }

        var periods = (long)Math.Floor((now - entry.StartAt).Ticks / (double)entry.Period.Ticks) + 1;
        return entry.StartAt + TimeSpan.FromTicks(entry.Period.Ticks * periods);
    }

    private sealed record Tick(ReminderService Service, ReminderEntry Entry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder service started with {Count} reminders")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading the reminder table failed")]
    private static partial void LogReloadFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {ReminderName} of grain {GrainId} failed")]
    private static partial void LogTickFailed(ILogger logger, Exception ex, string reminderName, GrainId grainId);
}
