namespace Vibe.Bench.Calls;

public interface IPingGrain : IGrainWithStringKey
{
    ValueTask<int> Ping(int value);

    /// <summary>Calls <paramref name="target"/> <paramref name="count"/> times, one after the other.</summary>
    ValueTask<int> PingOther(IPingGrain target, int count);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public ValueTask<int> Ping(int value) => new(value + 1);

    public async ValueTask<int> PingOther(IPingGrain target, int count)
    {
        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += await target.Ping(i);
        }

        return sum;
    }
}

/// <summary>The baseline: the same method on a plain object, called through an interface.</summary>
public interface IPingTarget
{
    ValueTask<int> Ping(int value);

    ValueTask<int> PingOther(IPingTarget target, int count);
}

public sealed class PlainPing : IPingTarget
{
    public ValueTask<int> Ping(int value) => new(value + 1);

    public async ValueTask<int> PingOther(IPingTarget target, int count)
    {
        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += await target.Ping(i);
        }

        return sum;
    }
}

public interface ILocalPingGrain : IGrainWithStringKey
{
    ValueTask<int> Ping(int value);
}

/// <summary>Activated on the silo that first calls it, so a benchmark can put it on the silo it wants.</summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed class LocalPingGrain : Grain, ILocalPingGrain
{
    public ValueTask<int> Ping(int value) => new(value + 1);
}
