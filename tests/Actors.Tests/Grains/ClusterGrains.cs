using Vibe.Actors.Hosting;
using Vibe.Actors.Placement;
using Vibe.Actors.Streams;

namespace Vibe.Actors.Tests.Grains;

public sealed record GrainLocation(string Silo, Guid Activation);

public interface ILocatedGrain : IGrainWithStringKey
{
    Task<GrainLocation> Where();

    /// <summary>Adds to a persisted total and returns it.</summary>
    Task<int> Add(int amount);

    Task<int> Total();

    /// <summary>Calls another located grain (grain-to-grain across silos).</summary>
    Task<GrainLocation> WhereIs(string otherKey);

    /// <summary>Calls back into <paramref name="originKey"/>: a cycle when the origin is not reentrant.</summary>
    Task<GrainLocation> CallBack(string originKey);

    Task<GrainLocation> CallAround(string otherKey);
}

public sealed class LocatedGrain(ILocalSiloDetails silo, [PersistentState("total")] IPersistentState<LocatedGrain.Totals> totals) : Grain, ILocatedGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public Task<GrainLocation> Where() => Task.FromResult(new GrainLocation(silo.SiloAddress, _activation));

    public async Task<int> Add(int amount)
    {
        totals.State.Value += amount;
        await totals.WriteStateAsync();
        return totals.State.Value;
    }

    public Task<int> Total() => Task.FromResult(totals.State.Value);

    public Task<GrainLocation> WhereIs(string otherKey) => GrainFactory.GetGrain<ILocatedGrain>(otherKey).Where();

    public Task<GrainLocation> CallBack(string originKey) => GrainFactory.GetGrain<ILocatedGrain>(originKey).Where();

    public Task<GrainLocation> CallAround(string otherKey) => GrainFactory.GetGrain<ILocatedGrain>(otherKey).CallBack(this.GetPrimaryKeyString());

    public sealed class Totals
    {
        public int Value { get; set; }
    }
}

public interface IPinnedGrain : IGrainWithStringKey
{
    Task<string> Silo();
}

[HashBasedPlacement]
public sealed class PinnedGrain(ILocalSiloDetails silo) : Grain, IPinnedGrain
{
    public Task<string> Silo() => Task.FromResult(silo.SiloAddress);
}

public interface ILocalFirstGrain : IGrainWithStringKey
{
    Task<string> Silo();
}

[PreferLocalPlacement]
public sealed class LocalFirstGrain(ILocalSiloDetails silo) : Grain, ILocalFirstGrain
{
    public Task<string> Silo() => Task.FromResult(silo.SiloAddress);
}

public interface IWebOnlyGrain : IGrainWithStringKey
{
    Task<string> Role();
}

[SiloRoleBasedPlacement("web")]
public sealed class WebOnlyGrain(ILocalSiloDetails silo) : Grain, IWebOnlyGrain
{
    public Task<string> Role() => Task.FromResult(silo.Role);
}

public interface IClusterProducerGrain : IGrainWithStringKey
{
    Task<string> Produce(string streamKey, int from, int count);
}

/// <summary>Produces into the "default" provider's "events" namespace from the silo that first called it.</summary>
[PreferLocalPlacement]
public sealed class ClusterProducerGrain(ILocalSiloDetails silo) : Grain, IClusterProducerGrain
{
    public async Task<string> Produce(string streamKey, int from, int count)
    {
        var stream = GetStreamProvider("default").GetStream<int>(StreamId.Create("events", streamKey));
        for (var i = from; i < from + count; i++)
        {
            await stream.OnNextAsync(i);
        }

        return silo.SiloAddress;
    }
}

public interface IClusterConsumerGrain : IGrainWithStringKey
{
    Task<string> Subscribe(string streamKey);

    Task<int> Count();

    Task<bool> InOrder();
}

[PreferLocalPlacement]
public sealed class ClusterConsumerGrain(ILocalSiloDetails silo) : Grain, IClusterConsumerGrain
{
    private int _count;
    private int _next;
    private bool _inOrder = true;

    public async Task<string> Subscribe(string streamKey)
    {
        var stream = GetStreamProvider("default").GetStream<int>(StreamId.Create("events", streamKey));
        await stream.SubscribeAsync((item, _) =>
        {
            _inOrder &= item == _next;
            _next = item + 1;
            _count++;
            return Task.CompletedTask;
        });
        return silo.SiloAddress;
    }

    public Task<int> Count() => Task.FromResult(_count);

    public Task<bool> InOrder() => Task.FromResult(_inOrder);
}

/// <summary>A custom strategy: always the silo whose address sorts first (a stand-in for "the silo beside my Docker host").</summary>
public sealed class FirstSiloPlacement : PlacementStrategy
{
    public static FirstSiloPlacement Instance { get; } = new();
}

public sealed class FirstSiloPlacementAttribute() : PlacementAttribute(FirstSiloPlacement.Instance);

public sealed class FirstSiloPlacementDirector : IPlacementDirector
{
    public string OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        context.CompatibleSilos.Order(StringComparer.Ordinal).First();
}

public interface IFirstSiloGrain : IGrainWithStringKey
{
    Task<string> Silo();
}

[FirstSiloPlacement]
public sealed class FirstSiloGrain(ILocalSiloDetails silo) : Grain, IFirstSiloGrain
{
    public Task<string> Silo() => Task.FromResult(silo.SiloAddress);
}

public interface ICountPlacedGrain : IGrainWithStringKey
{
    Task<string> Silo();
}

[ActivationCountBasedPlacement]
public sealed class CountPlacedGrain(ILocalSiloDetails silo) : Grain, ICountPlacedGrain
{
    public Task<string> Silo() => Task.FromResult(silo.SiloAddress);
}
