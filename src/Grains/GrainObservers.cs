using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Vibe.Grains;

/// <summary>
/// The watchers of one of a grain's event flows (web silos watching a terminal, a document, a workspace's logs), kept in an
/// <see cref="ObserverManager{TObserver}"/>. A watch lapses unless renewed within <see cref="Expiration"/>, so a web silo that
/// went away stops costing messages, and a watcher that fails to take an event is dropped until it renews. Events may be sent
/// from any thread (the terminal and log pumps run off the grain's turns): they are handed to the activation's scheduler, since
/// ObserverManager is not thread-safe, and each waits until every watcher has taken it, so a sender that awaits them keeps them in order.
/// </summary>
internal sealed class GrainObservers<TObserver>(ILogger logger)
    where TObserver : IGrainObserver
{
    /// <summary>How long a watch lasts without renewal; watchers renew well within it.</summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(1);

    private readonly ObserverManager<TObserver> _observers = new(Expiration, logger);
    private TaskScheduler? _scheduler;

    /// <summary>
    /// Adds or renews a watcher, and says whether it was added: it was not watching this activation (new, lapsed, or dropped
    /// after it failed to take an event), so it may have missed events. Call it from a grain turn: it remembers the activation's scheduler.
    /// </summary>
    public bool Subscribe(TObserver observer)
    {
        _scheduler ??= TaskScheduler.Current;
        _observers.ClearExpired();
        var added = !_observers.Observers.ContainsKey(observer);
        _observers.Subscribe(observer, observer);
        return added;
    }

    /// <summary>The watchers whose watch has not lapsed. Call it from a grain turn.</summary>
    public int ActiveCount
    {
        get
        {
            _observers.ClearExpired();
            return _observers.Count;
        }
    }

    /// <summary>Removes a watcher. Call it from a grain turn.</summary>
    public void Unsubscribe(TObserver observer) => _observers.Unsubscribe(observer);

    /// <summary>Sends an event to every watcher; completes once each has taken it or been dropped. Never throws for a watcher's failure.</summary>
    public Task NotifyAsync(Func<TObserver, Task> notification)
    {
        // Read off the grain's thread at worst: a watch added meanwhile only misses this event, as it would a moment earlier.
        if (_scheduler is not { } scheduler || _observers.Count == 0)
        {
            return Task.CompletedTask;
        }

        return TaskScheduler.Current == scheduler
            ? _observers.Notify(notification)
            : Task.Factory.StartNew(() => _observers.Notify(notification), CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler).Unwrap();
    }
}
