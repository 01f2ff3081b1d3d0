namespace Vibe.Actors.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    ValueTask<int> Get();

    Task<Guid> GetActivationId();

    Task Fail(string message);

    Task Deactivate();

    [OneWay]
    Task AddOneWay(int amount);

    Task<string> GetKey();
}

public sealed class CounterGrain : Grain, ICounterGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private int _value;

    public Task<int> Add(int amount) => Task.FromResult(_value += amount);

    public ValueTask<int> Get() => new(_value);

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task AddOneWay(int amount)
    {
        _value += amount;
        return Task.CompletedTask;
    }

    public Task<string> GetKey() => Task.FromResult(this.GetPrimaryKeyString());
}
