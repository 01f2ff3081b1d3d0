using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vibe.Actors.Invocation;
using Vibe.Actors.Metrics;
using Vibe.Actors.Storage;
using Vibe.Actors.Streams;
using Vibe.Actors.Timers;

namespace Vibe.Actors.Runtime;

/// <summary>
/// One activation of one grain: its instance, its request queue and its turn-based scheduler.
/// Requests are admitted one at a time unless the grain is [Reentrant] or the method interleaves;
/// every continuation of grain code is posted back here, so the grain never runs on two threads at once.
/// </summary>
internal sealed partial class ActivationData : IActivationRuntime, IThreadPoolWorkItem, IServiceProvider
{
    private const int TurnBatch = 64;

    private readonly object _lock = new();
    private readonly Queue<Request> _waiting = new();
    private readonly Queue<Request> _ready = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State, RequestSynchronizationContext Context)> _posted = new();
    private readonly List<Request> _running = new(2);
    private readonly SiloRuntime _silo;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RequestSynchronizationContext _lifecycleContext;
    private List<IPersistentStateLoader>? _states;
    private List<GrainTimer>? _timers;
    private Dictionary<Guid, object>? _streamObservers;
    private bool _scheduled;
    private bool _deactivateWhenIdle;
    private bool _deactivationStarted;
    private DeactivationReason _deactivationReason;
    private long _lastActivity;
    private long _keepAliveUntil;

    public ActivationData(GrainId grainId, GrainClassInfo grainClass, SiloRuntime silo)
    {
        GrainId = grainId;
        GrainClass = grainClass;
        _silo = silo;
        _lifecycleContext = new RequestSynchronizationContext(this, new LifecycleRequest(grainId) { Activation = this });
        CollectionAge = silo.GetCollectionAge(grainClass);
        _lastActivity = Environment.TickCount64;
    }

    public GrainId GrainId { get; }

    /// <summary>Distinguishes this activation from earlier and later ones of the same grain.</summary>
    public Guid ActivationId { get; } = Guid.NewGuid();

    /// <summary>The directory entry this activation registered, in a cluster; null otherwise.</summary>
    public Cluster.GrainAddress? DirectoryAddress { get; private set; }

    public GrainClassInfo GrainClass { get; }

    public object? GrainInstance { get; private set; }

    public ActivationState State { get; private set; } = ActivationState.Activating;

    public TimeSpan CollectionAge { get; }

    public IServiceProvider ActivationServices => this;

    public IGrainFactory GrainFactory => _silo.GrainFactory;

    /// <summary>Completes when the activation has been removed from the catalog.</summary>
    public Task Deactivated => _deactivated.Task;

    public int QueueLength
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Starts activation: construct the grain, read its state, run OnActivateAsync. Requests wait meanwhile.</summary>
    public void Start() => Post(static s => _ = ((ActivationData)s!).ActivateAsync(), this, _lifecycleContext);

    /// <summary>Queues <paramref name="request"/>. Returns false if this activation is gone and the caller must find another.</summary>
    public bool Enqueue(Request request)
    {
        Exception? failure = null;
        bool schedule = false;
        lock (_lock)
        {
            if (State == ActivationState.Invalid)
            {
                return false;
            }

            request.Activation = this;
            if (CanStart(request, respectQueue: true))
            {
                Admit(request);
                schedule = ScheduleIfIdle();
            }
            else if (FindCycle(request) is { } cycle)
            {
                failure = new DeadlockException(cycle);
            }
            else
            {
                _waiting.Enqueue(request);
            }
        }

        if (failure is not null)
        {
            request.TryFail(failure);
        }
        else if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return true;
    }

    /// <summary>Runs <paramref name="callback"/> as part of this activation, under <paramref name="context"/> (continuations of grain code come here).</summary>
    public void Post(SendOrPostCallback callback, object? state, RequestSynchronizationContext context)
    {
        bool schedule;
        lock (_lock)
        {
            _posted.Enqueue((callback, state, context));
            schedule = ScheduleIfIdle();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        for (var i = 0; i < TurnBatch; i++)
        {
            (SendOrPostCallback Callback, object? State, RequestSynchronizationContext Context) posted = default;
            Request? request = null;
            lock (_lock)
            {
                if (_posted.Count > 0)
                {
                    posted = _posted.Dequeue();
                }
                else if (_ready.Count > 0)
                {
                    request = _ready.Dequeue();
                }
                else
                {
                    _scheduled = false;
                    return;
                }
            }

            if (request is not null)
            {
                SynchronizationContext.SetSynchronizationContext(new RequestSynchronizationContext(this, request));
                _ = RunRequestAsync(request);
            }
            else
            {
                SynchronizationContext.SetSynchronizationContext(posted.Context);
                RunPosted(posted.Callback!, posted.State);
            }

            SynchronizationContext.SetSynchronizationContext(null);
        }

        // Yield the thread after a batch so one busy activation cannot starve the others.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    private void RunPosted(SendOrPostCallback callback, object? state)
    {
        try
        {
            callback(state);
        }
        catch (Exception ex)
        {
            LogUnhandled(_silo.Logger, ex, GrainId);
        }
    }

    private async ValueTask RunRequestAsync(Request request)
    {
        var start = ActorMetrics.CallDuration.Enabled ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        Exception? error = null;
        try
        {
            await request.InvokeAsync(GrainInstance!);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        OnRequestFinished(request, error, start);
    }

    private void OnRequestFinished(Request request, Exception? error, long start)
    {
        bool schedule;
        lock (_lock)
        {
            _running.Remove(request);
            if (request.KeepsAlive)
            {
                _lastActivity = Environment.TickCount64;
            }

            if (error is InconsistentStateException && State == ActivationState.Valid)
            {
                BeginDeactivationLocked(new DeactivationReason(DeactivationReasonCode.IncompatibleState, "a storage write found a newer version of this grain's state", error));
            }

            schedule = PumpLocked();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        ActorMetrics.RecordCall(GrainId.Type, start);

        // The caller's continuation may run inline here: it must not see this activation as its context.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            if (error is null)
            {
                request.TryComplete();
            }
            else
            {
                request.TryFail(error);
                if ((request.Flags & InvokeFlags.OneWay) != 0)
                {
                    LogOneWayFailure(_silo.Logger, error, request.MethodName, GrainId);
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>Admits waiting requests that may start now, and starts deactivation once idle. Returns whether the worker must be scheduled.</summary>
    private bool PumpLocked()
    {
        while (_waiting.Count > 0)
        {
            var head = _waiting.Peek();
            if (head.IsCompleted)
            {
                _waiting.Dequeue(); // timed out while waiting: drop it, as Orleans drops expired messages
                continue;
            }

            if (!CanStart(head, respectQueue: false))
            {
                break;
            }

            _waiting.Dequeue();
            Admit(head);
        }

        if (_running.Count == 0 && State == ActivationState.Valid && _deactivateWhenIdle)
        {
            BeginDeactivationLocked(_deactivationReason);
        }

        if (_running.Count == 0 && State == ActivationState.Deactivating && !_deactivationStarted)
        {
            _deactivationStarted = true;
            _posted.Enqueue((static s => _ = ((ActivationData)s!).DeactivateAsync(), this, _lifecycleContext));
        }

        return (_ready.Count > 0 || _posted.Count > 0) && ScheduleIfIdle();
    }

    private void Admit(Request request)
    {
        _running.Add(request);
        _ready.Enqueue(request);
        if (request.KeepsAlive)
        {
            _lastActivity = Environment.TickCount64;
        }
    }

    private bool ScheduleIfIdle()
    {
        if (_scheduled)
        {
            return false;
        }

        _scheduled = true;
        return true;
    }

    private bool CanStart(Request request, bool respectQueue)
    {
        if (State != ActivationState.Valid)
        {
            return false;
        }

        var interleaves = GrainClass.IsReentrant || (request.Flags & InvokeFlags.AlwaysInterleave) != 0;
        if (respectQueue && _waiting.Count > 0 && !interleaves)
        {
            return false; // keep arrival order
        }

        if (_running.Count == 0 || interleaves)
        {
            return true;
        }

        if ((request.Flags & InvokeFlags.ReadOnly) == 0)
        {
            return false;
        }

        foreach (var running in _running)
        {
            if ((running.Flags & InvokeFlags.ReadOnly) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>If a request running here is an ancestor of <paramref name="request"/>, waiting would deadlock: returns the cycle's description.</summary>
    private string? FindCycle(Request request)
    {
        if (State != ActivationState.Valid || _running.Count == 0)
        {
            return null;
        }

        var root = request;
        for (var ancestor = request.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            root = ancestor;
            if (ancestor.Activation == this && _running.Contains(ancestor))
            {
                var chain = new List<string> { $"{request.Target}.{request.MethodName}" };
                for (var r = request.Parent; r is not null; r = r.Parent)
                {
                    chain.Add($"{r.Target}.{r.MethodName}");
                    if (r == ancestor)
                    {
                        break;
                    }
                }

                chain.Reverse();
                return DeadlockMessage(string.Join(" -> ", chain));
            }
        }

        // The chain may have left this silo and come back: compare the ids it carries with the requests running here.
        if (root.RemoteChain is { } remote)
        {
            foreach (var running in _running)
            {
                if (running.Id != 0 && Array.IndexOf(remote, running.Id) >= 0)
                {
                    return DeadlockMessage($"{GrainId}.{running.MethodName} -> (other silos) -> {request.Target}.{request.MethodName}");
                }
            }
        }

        return null;
    }

    private string DeadlockMessage(string chain) =>
        $"Deadlock: the call chain {chain} returns to grain {GrainId}, which is not reentrant and is still waiting for that chain. " +
        "Mark the grain class [Reentrant], the method [AlwaysInterleave] (or [ReadOnly] on both), or break the cycle.";


    /// <summary>Fails requests whose caller has stopped waiting.</summary>
    public void ExpireRequests(long now)
    {
        List<Request>? expired = null;
        lock (_lock)
        {
            foreach (var r in _waiting)
            {
                if (r.Deadline != 0 && r.Deadline < now && !r.IsCompleted)
                {
                    (expired ??= []).Add(r);
                }
            }

            foreach (var r in _running)
            {
                if (r.Deadline != 0 && r.Deadline < now && !r.IsCompleted)
                {
                    (expired ??= []).Add(r);
                }
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var r in expired)
        {
            r.TryFail(new TimeoutException($"Response did not arrive on time ({_silo.ResponseTimeout.TotalSeconds:0.###} s) for {r.InterfaceName}.{r.MethodName} on grain {GrainId}."));
        }
    }

    /// <summary>Whether the activation has been idle longer than its collection age.</summary>
    public bool IsIdleLongerThanCollectionAge(long now)
    {
        if (CollectionAge == Timeout.InfiniteTimeSpan)
        {
            return false;
        }

        lock (_lock)
        {
            return State == ActivationState.Valid
                && _running.Count == 0
                && _waiting.Count == 0
                && now >= _keepAliveUntil
                && now - _lastActivity >= (long)CollectionAge.TotalMilliseconds;
        }
    }

    public void DeactivateOnIdle() => RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called"));

    /// <summary>Deactivates once the running requests finish.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        bool schedule;
        lock (_lock)
        {
            if (State == ActivationState.Activating)
            {
                _deactivateWhenIdle = true;
                _deactivationReason = reason;
                return;
            }

            if (State != ActivationState.Valid)
            {
                return;
            }

            _deactivateWhenIdle = true;
            _deactivationReason = reason;
            schedule = PumpLocked();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        lock (_lock)
        {
            _keepAliveUntil = timeSpan == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeSpan.TotalMilliseconds;
        }
    }

    private void BeginDeactivationLocked(DeactivationReason reason)
    {
        State = ActivationState.Deactivating;
        _deactivationReason = reason;
        _deactivateWhenIdle = false;
    }

    private async Task ActivateAsync()
    {
        try
        {
            if (_silo.Cluster is { } cluster && !Cluster.SystemTargets.IsSystemTarget(GrainId))
            {
                var address = new Cluster.GrainAddress(GrainId, cluster.Self, ActivationId);
                var winner = await cluster.Directory.RegisterAsync(address);
                if (winner != address)
                {
                    // Another silo activated this grain first: hand our queued requests to it.
                    ForwardAll();
                    return;
                }

                DirectoryAddress = address;
            }

            GrainActivation.Constructing = this;
            try
            {
                GrainInstance = GrainClass.Factory(this);
            }
            finally
            {
                GrainActivation.Constructing = null;
            }

            if (_states is not null)
            {
                foreach (var state in _states)
                {
                    await state.ReadStateAsync(CancellationToken.None);
                }
            }

            if (GrainInstance is Grain grain)
            {
                using var cts = new CancellationTokenSource(_silo.ResponseTimeout);
                await grain.OnActivateAsync(cts.Token);
            }
        }
        catch (Exception ex)
        {
            LogActivationFailed(_silo.Logger, ex, GrainId);
            FailActivation(ex);
            return;
        }

        ActorMetrics.ActivationCreated(GrainId.Type);
        bool schedule;
        lock (_lock)
        {
            State = ActivationState.Valid;
            _lastActivity = Environment.TickCount64;
            schedule = PumpLocked();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Marks the activation gone and returns the requests that were still waiting for it.</summary>
    private Request[] InvalidateAndTakeWaiting()
    {
        lock (_lock)
        {
            State = ActivationState.Invalid;
            Request[] waiting = [.. _waiting];
            _waiting.Clear();
            return waiting;
        }
    }

    private void ForwardAll()
    {
        var waiting = InvalidateAndTakeWaiting();

        _silo.Catalog.Remove(this);
        foreach (var r in waiting)
        {
            _silo.Reroute(r);
        }

        _deactivated.TrySetResult();
    }

    /// <summary>Drops the activation at once, without OnDeactivateAsync: its silo was killed or declared dead.</summary>
    public void Abort()
    {
        Request[] pending;
        List<GrainTimer>? timers;
        lock (_lock)
        {
            State = ActivationState.Invalid;
            pending = [.. _waiting];
            _waiting.Clear();
            timers = _timers is null ? null : [.. _timers];
        }

        _silo.Catalog.Remove(this);
        if (timers is not null)
        {
            foreach (var timer in timers)
            {
                timer.Dispose();
            }
        }

        foreach (var r in pending)
        {
            r.TryFail(new SiloUnavailableException($"Silo {_silo.SiloName} stopped abruptly; grain {GrainId} is no longer here."));
        }

        _deactivated.TrySetResult();
    }

    private void FailActivation(Exception ex)
    {
        var waiting = InvalidateAndTakeWaiting();

        _silo.Catalog.Remove(this);
        // An unreachable silo (e.g. the directory owner before it is declared dead) is transient: keep its type so callers can retry.
        var failure = ex is SiloUnavailableException or TimeoutException ? ex : new ActorRuntimeException($"Activation of grain {GrainId} failed: {ex.Message}", ex);
        foreach (var r in waiting)
        {
            r.TryFail(failure);
        }

        _deactivated.TrySetResult();
    }

    private async Task DeactivateAsync()
    {
        var reason = _deactivationReason;
        if (_timers is not null)
        {
            foreach (var timer in _timers.ToArray())
            {
                timer.Dispose();
            }
        }

        if (GrainInstance is Grain grain)
        {
            try
            {
                using var cts = new CancellationTokenSource(_silo.DeactivationTimeout);
                await grain.OnDeactivateAsync(reason, cts.Token).WaitAsync(_silo.DeactivationTimeout);
            }
            catch (Exception ex)
            {
                LogDeactivationFailed(_silo.Logger, ex, GrainId);
            }
        }

        var waiting = InvalidateAndTakeWaiting();

        _silo.Catalog.Remove(this);
        if (DirectoryAddress is { } registered && _silo.Cluster is { } cluster)
        {
            try
            {
                await cluster.Directory.UnregisterAsync(registered);
            }
            catch (Exception ex) when (ex is ActorRuntimeException or TimeoutException)
            {
                LogDeactivationFailed(_silo.Logger, ex, GrainId); // the entry goes stale and is replaced on the next registration
            }
        }

        ActorMetrics.ActivationRemoved(GrainId.Type);
        LogDeactivated(_silo.Logger, GrainId, reason.ToString());

        // Requests that arrived during deactivation go to a new activation; those tied to this one (timer ticks) end here.
        foreach (var r in waiting)
        {
            if (r.IsBoundToActivation)
            {
                r.TryFail(new ActorRuntimeException($"Grain {GrainId} was deactivated before {r.MethodName} ran."));
            }
            else if (!r.IsCompleted)
            {
                _silo.Reroute(r);
            }
        }

        _deactivated.TrySetResult();
    }

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
    {
        var name = storageName ?? ProviderNames.DefaultStorage;
        var storage = _silo.Services.GetKeyedService<IGrainStorage>(name)
            ?? throw new InvalidOperationException($"Grain {GrainId} asks for state '{stateName}' in storage '{name}', but no grain storage with that name is registered. Add one with AddMemoryGrainStorage, AddSqliteGrainStorage or AddPostgresGrainStorage.");
        var state = new PersistentState<TState>(this, storage, stateName);
        (_states ??= []).Add(state);
        return state;
    }

    /// <summary>Called by a persistent state whose write conflicted.</summary>
    internal void OnStateConflict(InconsistentStateException ex) =>
        RequestDeactivation(new DeactivationReason(DeactivationReasonCode.IncompatibleState, "a storage write found a newer version of this grain's state", ex));

    public IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer<TState>(this, callback, state, options, _silo.Logger);
        lock (_lock)
        {
            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    public Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (GrainInstance is not IRemindable)
        {
            throw new InvalidOperationException($"Grain {GrainId} registers reminder '{reminderName}' but does not implement IRemindable, so it could never receive it.");
        }

        return _silo.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);
    }

    public Task<IGrainReminder?> GetReminder(string reminderName) => _silo.Reminders.GetAsync(GrainId, reminderName);

    public Task<IReadOnlyList<IGrainReminder>> GetReminders() => _silo.Reminders.GetAllAsync(GrainId);

    public Task UnregisterReminder(IGrainReminder reminder) => _silo.Reminders.UnregisterAsync(GrainId, reminder);

    public IStreamProvider GetStreamProvider(string name) => _silo.GetStreamProvider(name);

    internal void SetStreamObserver(Guid handleId, object observer)
    {
        lock (_lock)
        {
            (_streamObservers ??= [])[handleId] = observer;
        }
    }

    internal void RemoveStreamObserver(Guid handleId)
    {
        lock (_lock)
        {
            _streamObservers?.Remove(handleId);
        }
    }

    internal object? GetStreamObserver(Guid handleId)
    {
        lock (_lock)
        {
            return _streamObservers?.GetValueOrDefault(handleId);
        }
    }

    object? IServiceProvider.GetService(Type serviceType)
    {
        if (serviceType == typeof(IGrainContext))
        {
            return this;
        }

        if (serviceType == typeof(IGrainFactory))
        {
            return _silo.GrainFactory;
        }

        return _silo.Services.GetService(serviceType);
    }

    public override string ToString() => $"Activation {GrainId} ({State})";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in a continuation of grain {GrainId}")]
    private static partial void LogUnhandled(ILogger logger, Exception ex, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "One-way call {Method} on grain {GrainId} failed")]
    private static partial void LogOneWayFailure(ILogger logger, Exception ex, string method, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation of grain {GrainId} failed")]
    private static partial void LogActivationFailed(ILogger logger, Exception ex, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed")]
    private static partial void LogDeactivationFailed(ILogger logger, Exception ex, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deactivated grain {GrainId}: {Reason}")]
    private static partial void LogDeactivated(ILogger logger, GrainId grainId, string reason);
}
