using Vibe.Actors.Hosting;
using Vibe.Actors.Placement;

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
