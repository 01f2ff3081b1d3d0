using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Actors.Cluster;
using Vibe.Actors.Hosting;
using Vibe.Actors.Invocation;
using Vibe.Actors.Messaging;
using Vibe.Actors.Metrics;
using Vibe.Actors.Reminders;
using Vibe.Actors.Streams;

namespace Vibe.Actors.Runtime;

/// <summary>
/// The silo's call path and the services its activations share: it routes each request to its
/// activation (creating one on first call), enforces call timeouts and collects idle activations.
/// </summary>
internal sealed partial class SiloRuntime : IGrainReferenceRuntime, IDisposable
{
    private readonly GrainCollectionOptions _collection;
    private readonly long _responseTimeoutMs;
    private Timer? _expiryTimer;
    private Timer? _collectionTimer;
    private volatile bool _acceptingActivations = true;

    public SiloRuntime(IServiceProvider services, IOptions<SiloOptions> silo, IOptions<MessagingOptions> messaging, IOptions<GrainCollectionOptions> collection, ILoggerFactory loggerFactory)
    {
        Services = services;
        SiloName = silo.Value.SiloName;
        ResponseTimeout = messaging.Value.ResponseTimeout;
        _responseTimeoutMs = (long)ResponseTimeout.TotalMilliseconds;
        _collection = collection.Value;
        Logger = loggerFactory.CreateLogger("Vibe.Actors.Silo");
        Catalog = new Catalog(this);
        GrainFactory = new GrainFactory(this);
        TypeResolver = new GrainTypeResolver();
        Json = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            Converters = { new GrainIdJsonConverter(), new SiloAddressJsonConverter(), new GrainReferenceJsonConverterFactory(this) },
        };
    }

    /// <summary>How arguments and results cross silos.</summary>
    public JsonSerializerOptions Json { get; }

    /// <summary>The cluster pieces, once the silo joined a cluster; null for a standalone silo.</summary>
    public ClusterParts? Cluster { get; private set; }

    public IServiceProvider Services { get; }

    public string SiloName { get; }

    public ILogger Logger { get; }

    public Catalog Catalog { get; }

    public IGrainFactory GrainFactory { get; }

    public GrainTypeResolver TypeResolver { get; }

    public TimeSpan ResponseTimeout { get; }

    public TimeSpan DeactivationTimeout => _collection.DeactivationTimeout;

    public SiloRuntime Runtime => this;

    public ReminderService Reminders => Services.GetRequiredService<ReminderService>();

    public bool IsAcceptingActivations => _acceptingActivations;

    public IStreamProvider GetStreamProvider(string name) =>
        Services.GetKeyedService<IStreamProvider>(name)
        ?? throw new KeyNotFoundException($"No stream provider named '{name}' is registered; add one with AddMemoryStreams(\"{name}\").");

    public TimeSpan GetCollectionAge(GrainClassInfo grainClass) =>
        _collection.ClassSpecificCollectionAge.TryGetValue(grainClass.GrainType, out var age) ? age : grainClass.CollectionAge ?? _collection.CollectionAge;

    /// <summary>Starts the timers that expire late requests and collect idle activations.</summary>
    public void Start()
    {
        ActorMetrics.ObserveQueueLength(Catalog.TotalQueueLength);
        var expiryPeriod = TimeSpan.FromMilliseconds(Math.Clamp(ResponseTimeout.TotalMilliseconds / 10, 10, 1000));
        _expiryTimer = new Timer(static s => ((SiloRuntime)s!).ExpireRequests(), this, expiryPeriod, expiryPeriod);
        _collectionTimer = new Timer(static s => ((SiloRuntime)s!).CollectIdleActivations(), this, _collection.CollectionQuantum, _collection.CollectionQuantum);
    }

    /// <summary>Deactivates every activation (running OnDeactivateAsync) and stops creating new ones.</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        _acceptingActivations = false;

        // System targets keep serving (directory, probes) until the transport closes.
        var activations = Catalog.Activations.Where(a => !SystemTargets.IsSystemTarget(a.GrainId)).ToArray();
        foreach (var activation in activations)
        {
            activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "the silo is shutting down"));
        }

        await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        // The timers that expire calls stop here: nothing this silo still waits for may be left hanging.
        Cluster?.Messenger.FailAll($"Silo {SiloName} stopped");
        _expiryTimer?.Dispose();
        _collectionTimer?.Dispose();
        ActorMetrics.ObserveQueueLength(null);
    }

    public ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request)
    {
        Send(target, request, expectsResponse: true);
        return request.AsValueTask();
    }

    public ValueTask InvokeAsync(GrainReference target, VoidRequest request)
    {
        Send(target, request, expectsResponse: true);
        return request.AsValueTask();
    }

    public void InvokeOneWay(GrainReference target, Request request) => Send(target, request, expectsResponse: false);

    public IAsyncEnumerable<TItem> InvokeStreamAsync<TItem>(GrainReference target, AsyncEnumerableRequest<TItem> request) =>
        new GrainAsyncEnumerable<TItem>(this, target, request);

    public GrainReference CreateReference(Type interfaceType, GrainId grainId)
    {
        var info = GeneratedCodeRegistry.FindInterface(interfaceType)
            ?? throw new GrainTypeNotFoundException($"No generated proxy for {interfaceType.FullName}. Grain interfaces must derive from IGrainWithStringKey or IGrainWithGuidKey and their project must reference Vibe.Actors.CodeGen as an analyzer.");
        return info.ProxyFactory(this, grainId);
    }

    /// <summary>Sends a request the runtime made itself (enumeration batches, stream deliveries) with no deadline: it may wait for data.</summary>
    internal void SendLocal(GrainReference target, Request request) => Send(target, request, expectsResponse: false);

    /// <summary>Sends a request the runtime made itself to a grain it knows only by id (stream deliveries).</summary>
    internal void SendToGrain(GrainId grainId, Request request)
    {
        request.Target = grainId;
        request.Parent = RuntimeContext.CurrentRequest;
        request.Deadline = Environment.TickCount64 + _responseTimeoutMs;
        if (Cluster is null)
        {
            Dispatch(request);
        }
        else
        {
            Route(request, expectsResponse: true);
        }
    }

    /// <summary>This silo's stream registry (plain observers here, subscriber lists of streams produced here).</summary>
    public Streams.StreamObserverRegistry StreamRegistry { get; } = new();

    /// <summary>Names this silo in stream subscriptions: its address in a cluster, "local" standalone.</summary>
    public string LocalSiloKey => Cluster?.Self.ToString() ?? "local";

    public GrainId StreamRegistryId(string siloKey) => new(SystemTargets.StreamObservers, siloKey);

    public Streams.IStreamSiloTarget StreamRegistryOf(string siloKey) =>
        (Streams.IStreamSiloTarget)CreateReference(typeof(Streams.IStreamSiloTarget), StreamRegistryId(siloKey));

    /// <summary>Whether the silo named by <paramref name="siloKey"/> is still in the cluster (always true standalone).</summary>
    public bool IsSiloAlive(string siloKey) =>
        Cluster is null || siloKey == LocalSiloKey || Cluster.Membership.Current.IsActive(SiloAddress.Parse(siloKey)) || Cluster.Membership.Current.StatusOf(SiloAddress.Parse(siloKey)) == SiloStatus.ShuttingDown;

    /// <summary>Registers the system targets every silo has (standalone or clustered), once its identity is known.</summary>
    internal void AddLocalSystemTargets() =>
        Catalog.AddSystemTarget(StreamRegistryId(LocalSiloKey), StreamRegistry, typeof(Streams.IStreamSiloTarget));

    private void Send(GrainReference target, Request request, bool expectsResponse)
    {
        request.Target = target.GrainId;
        request.Parent = RuntimeContext.CurrentRequest;
        if (expectsResponse)
        {
            request.Deadline = Environment.TickCount64 + _responseTimeoutMs;
        }

        if (target.CachedTarget is ActivationData cached && cached.Enqueue(request))
        {
            return;
        }

        if (Cluster is null)
        {
            target.CachedTarget = Dispatch(request);
        }
        else
        {
            Route(request, expectsResponse);
        }
    }

    /// <summary>Sends <paramref name="request"/> where its grain lives in the cluster: a local activation, the silo the directory names, or a newly placed one.</summary>
    internal void Route(Request request, bool expectsResponse)
    {
        var cluster = Cluster!;
        if (SystemTargets.IsSystemTarget(request.Target))
        {
            var silo = SystemTargets.SiloOf(request.Target);
            if (silo == cluster.Self)
            {
                DeliverToSystemTarget(request);
            }
            else
            {
                cluster.Messenger.Send(silo, request, expectsResponse);
            }

            return;
        }

        if (Catalog.TryGet(request.Target, out var local) && local!.Enqueue(request))
        {
            return;
        }

        if (cluster.Directory.TryGetCached(request.Target, out var address))
        {
            SendTo(address!.Silo, request, expectsResponse);
            return;
        }

        _ = RouteSlowAsync(request, expectsResponse);
    }

    private async Task RouteSlowAsync(Request request, bool expectsResponse)
    {
        var cluster = Cluster!;
        try
        {
            var address = await cluster.Directory.LookupAsync(request.Target);
            var silo = address?.Silo ?? cluster.Placement.PickSilo(request.Target, TypeResolver.FindClass(request.Target.Type), () => Catalog.Count);
            SendTo(silo, request, expectsResponse);
        }
        catch (Exception ex)
        {
            request.TryFail(ex is ActorRuntimeException ? ex : new SiloUnavailableException($"Could not find where grain {request.Target} lives: {ex.Message}", ex));
        }
    }

    private void SendTo(SiloAddress silo, Request request, bool expectsResponse)
    {
        if (silo == Cluster!.Self)
        {
            if (IsAcceptingActivations)
            {
                Dispatch(request);
                return;
            }

            if (Catalog.TryGet(request.Target, out var local) && local!.Enqueue(request))
            {
                return;
            }

            // Leaving: an entry that still names this silo is stale; place the grain on a silo that stays.
            Cluster.Directory.Invalidate(request.Target);
            try
            {
                var other = Cluster.Placement.PickSilo(request.Target, TypeResolver.FindClass(request.Target.Type), () => Catalog.Count);
                Cluster.Messenger.Send(other, request, expectsResponse);
            }
            catch (SiloUnavailableException ex)
            {
                request.TryFail(ex);
            }
        }
        else
        {
            Cluster.Messenger.Send(silo, request, expectsResponse);
        }
    }

    /// <summary>A request that arrived from another silo: to a system target, or to a grain activated here if needed.</summary>
    internal void DeliverFromRemote(Request request, bool expectsResponse)
    {
        if (SystemTargets.IsSystemTarget(request.Target))
        {
            DeliverToSystemTarget(request);
        }
        else if (!(Catalog.TryGet(request.Target, out var local) && local!.Enqueue(request)))
        {
            if (IsAcceptingActivations)
            {
                Dispatch(request);
            }
            else
            {
                // This silo is leaving: send the request to wherever the grain lives or will be placed now.
                Cluster!.Directory.Invalidate(request.Target);
                Route(request, expectsResponse);
            }
        }
    }

    /// <summary>A request whose target silo could not be reached before it was sent: find the grain again, a few times at most.</summary>
    internal bool TryRerouteUnsent(Request request)
    {
        if (Cluster is null || request.RouteAttempts >= 3 || request.IsCompleted || SystemTargets.IsSystemTarget(request.Target))
        {
            return false;
        }

        request.RouteAttempts++;
        Cluster.Directory.Invalidate(request.Target);
        Route(request, (request.Flags & InvokeFlags.OneWay) == 0);
        return true;
    }

    private void DeliverToSystemTarget(Request request)
    {
        if (Catalog.TryGet(request.Target, out var systemTarget) && systemTarget!.GrainInstance is { } instance && request is not Streams.IStreamEventRequest)
        {
            // System targets are thread-safe and answer at once: run them here rather than queue behind grain work.
            _ = InvokeSystemTargetAsync(request, instance);
            return;
        }

        if (!(Catalog.TryGet(request.Target, out var target) && target!.Enqueue(request)))
        {
            request.TryFail(new SiloUnavailableException($"System target {request.Target} is not running on silo {Cluster?.Self}."));
        }
    }

    private static async Task InvokeSystemTargetAsync(Request request, object instance)
    {
        try
        {
            await request.InvokeAsync(instance);
            request.TryComplete();
        }
        catch (Exception ex)
        {
            request.TryFail(ex);
        }
    }

    /// <summary>Makes this silo a cluster member: system targets, transport, then joining the membership table.</summary>
    internal async Task JoinClusterAsync(SiloConnectionManager transport, ClusterMembershipService membership, ClusterOptions options, IServiceProvider services, CancellationToken cancellationToken)
    {
        var bound = transport.Bind(options.SiloEndpoint);
        var self = new SiloAddress(new System.Net.IPEndPoint(options.AdvertisedAddress ?? bound.Address, bound.Port), SiloAddress.NewGeneration());
        var partition = new GrainDirectoryPartition(membership);
        var directory = new GrainDirectory(membership, partition, silo => (IRemoteGrainDirectory)CreateReference(typeof(IRemoteGrainDirectory), SystemTargets.Id(SystemTargets.Directory, silo)));
        var messenger = new RemoteMessenger(this, transport, self, Logger);
        var placement = new Placement.PlacementService(membership, services);
        membership.IsAcceptingActivations = () => IsAcceptingActivations;
        Cluster = new ClusterParts(self, membership, directory, placement, messenger, transport);

        Catalog.AddSystemTarget(SystemTargets.Id(SystemTargets.Directory, self), partition, typeof(IRemoteGrainDirectory));
        Catalog.AddSystemTarget(SystemTargets.Id(SystemTargets.Membership, self), membership, typeof(IMembershipService));
        membership.ServiceOf = silo => (IMembershipService)CreateReference(typeof(IMembershipService), SystemTargets.Id(SystemTargets.Membership, silo));
        membership.ActivationCount = () => Catalog.Count;
        membership.Changed += OnMembershipChanged;

        transport.Start(self, options.ClusterId, messenger.OnMessage, messenger.OnSendFailed, silo => messenger.FailCallsTo(silo, $"The connection to silo {silo} was lost"));
        await membership.JoinAsync(self, cancellationToken);
    }

    private void OnMembershipChanged(MembershipSnapshot previous, MembershipSnapshot next)
    {
        var cluster = Cluster!;
        cluster.Directory.OnMembershipChanged(next);
        foreach (var silo in previous.Entries.Keys)
        {
            // A silo that left gracefully (ShuttingDown, then Dead) still answers what it has and closes its own connections.
            if (next.StatusOf(silo) == SiloStatus.Dead && previous.StatusOf(silo) is not (SiloStatus.Dead or SiloStatus.ShuttingDown))
            {
                cluster.Transport.MarkDead(silo);
                cluster.Messenger.FailCallsTo(silo, $"Silo {silo} was declared dead");
            }
        }

        _ = ReRegisterActivationsAsync(previous, next);
        MembershipChanged?.Invoke(next);
    }

    /// <summary>Raised after the runtime has handled a membership change (for reminders and streams).</summary>
    internal event Action<MembershipSnapshot>? MembershipChanged;

    private async Task ReRegisterActivationsAsync(MembershipSnapshot previous, MembershipSnapshot next)
    {
        var cluster = Cluster!;
        try
        {
            var local = Catalog.Activations.Where(a => a.DirectoryAddress is not null).Select(a => a.DirectoryAddress!).ToList();
            foreach (var loser in await cluster.Directory.ReRegisterAsync(previous, next, local))
            {
                // Another activation of the same grain won while the membership changed: this one is a duplicate.
                if (Catalog.TryGet(loser.GrainId, out var duplicate))
                {
                    duplicate!.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.IncompatibleState, "a duplicate activation found after a membership change"));
                }
            }
        }
        catch (Exception ex)
        {
            LogReRegisterFailed(Logger, ex);
        }
    }

    /// <summary>Drops every activation at once without running OnDeactivateAsync: the silo was killed or declared dead.</summary>
    internal void AbortAll()
    {
        _acceptingActivations = false;
        foreach (var activation in Catalog.Activations.ToArray())
        {
            activation.Abort();
        }
    }

    /// <summary>Sends a request again after its activation went away: to a new local activation, or wherever the cluster says.</summary>
    internal void Reroute(Request request)
    {
        if (Cluster is null)
        {
            Dispatch(request);
        }
        else
        {
            Route(request, (request.Flags & InvokeFlags.OneWay) == 0);
        }
    }

    /// <summary>Queues <paramref name="request"/> at its grain's activation, creating one if needed; fails the request if that is impossible.</summary>
    internal ActivationData? Dispatch(Request request)
    {
        try
        {
            while (true)
            {
                var activation = Catalog.GetOrCreate(request.Target);
                if (activation.Enqueue(request))
                {
                    return activation;
                }
            }
        }
        catch (Exception ex) when (ex is GrainTypeNotFoundException or SiloUnavailableException)
        {
            request.TryFail(ex);
            return null;
        }
    }

    private void ExpireRequests()
    {
        var now = Environment.TickCount64;
        Cluster?.Messenger.ExpireRequests(now);
        foreach (var activation in Catalog.Activations)
        {
            activation.ExpireRequests(now);
        }
    }

    private void CollectIdleActivations()
    {
        var now = Environment.TickCount64;
        var collected = 0;
        foreach (var activation in Catalog.Activations)
        {
            if (activation.IsIdleLongerThanCollectionAge(now))
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"idle for longer than {activation.CollectionAge}"));
                collected++;
            }
        }

        if (collected > 0)
        {
            LogCollected(Logger, collected);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-registering activations after a membership change failed")]
    private static partial void LogReRegisterFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Collecting {Count} idle activations")]
    private static partial void LogCollected(ILogger logger, int count);
}
