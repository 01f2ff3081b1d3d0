namespace Vibe.Actors.Tests.Grains;

public interface ICycleGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="otherKey"/>, which calls back into this grain.</summary>
    Task<string> CallAround(string otherKey);

    /// <summary>Calls back into <paramref name="originKey"/>.</summary>
    Task<string> CallBack(string originKey);

    Task<string> Echo(string text);
}

public sealed class CycleGrain : Grain, ICycleGrain
{
    public Task<string> CallAround(string otherKey) =>
        GrainFactory.GetGrain<ICycleGrain>(otherKey, "Vibe.Actors.Tests.Grains.CycleGrain").CallBack(this.GetPrimaryKeyString());

    public Task<string> CallBack(string originKey) =>
        GrainFactory.GetGrain<ICycleGrain>(originKey, "Vibe.Actors.Tests.Grains.CycleGrain").Echo("back");

    public Task<string> Echo(string text) => Task.FromResult($"{this.GetPrimaryKeyString()}:{text}");
}

public interface IReentrantCycleGrain : ICycleGrain;

[Reentrant]
public sealed class ReentrantCycleGrain : Grain, IReentrantCycleGrain
{
    public Task<string> CallAround(string otherKey) =>
        GrainFactory.GetGrain<IReentrantCycleGrain>(otherKey).CallBack(this.GetPrimaryKeyString());

    public Task<string> CallBack(string originKey) =>
        GrainFactory.GetGrain<IReentrantCycleGrain>(originKey).Echo("back");

    public Task<string> Echo(string text) => Task.FromResult($"{this.GetPrimaryKeyString()}:{text}");
}

public interface ISlowGrain : IGrainWithStringKey
{
    Task<int> Sleep(int milliseconds);
}

public sealed class SlowGrain : Grain, ISlowGrain
{
    public async Task<int> Sleep(int milliseconds)
    {
        await Task.Delay(milliseconds);
        return milliseconds;
    }
}

public interface IForwarderGrain : IGrainWithGuidKey
{
    /// <summary>Calls the counter it is given: references travel as arguments.</summary>
    Task<int> AddThrough(ICounterGrain counter, int amount);

    Task<ICounterGrain> Remember(ICounterGrain counter);
}

public sealed class ForwarderGrain : Grain, IForwarderGrain
{
    private ICounterGrain? _remembered;

    public Task<int> AddThrough(ICounterGrain counter, int amount) => counter.Add(amount);

    public Task<ICounterGrain> Remember(ICounterGrain counter)
    {
        _remembered ??= counter;
        return Task.FromResult(_remembered);
    }
}
