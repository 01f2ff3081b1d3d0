using Vibe.Actors.Streams;

namespace Vibe.Actors.Tests.Grains;

public interface IStreamConsumerGrain : IGrainWithStringKey
{
    Task Subscribe(string streamKey);

    Task Unsubscribe();

    Task<int> Count();

    /// <summary>Whether every event arrived in order, starting at 0.</summary>
    Task<bool> InOrder();

    Task<Guid> GetActivationId();

    Task Deactivate();
}

/// <summary>Subscribes to "events/{key}" and resumes its subscription when re-activated.</summary>
public sealed class StreamConsumerGrain : Grain, IStreamConsumerGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private StreamSubscriptionHandle<int>? _handle;
    private int _count;
    private int _next;
    private bool _inOrder = true;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = GetStreamProvider("events").GetStream<int>(StreamId.Create("events", this.GetPrimaryKeyString()));
        foreach (var handle in await stream.GetAllSubscriptionHandles())
        {
            _handle = await handle.ResumeAsync(OnNext);
        }
    }

    public async Task Subscribe(string streamKey)
    {
        var stream = GetStreamProvider("events").GetStream<int>(StreamId.Create("events", streamKey));
        _handle = await stream.SubscribeAsync(OnNext);
    }

    public async Task Unsubscribe()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }

    public Task<int> Count() => Task.FromResult(_count);

    public Task<bool> InOrder() => Task.FromResult(_inOrder);

    public Task<Guid> GetActivationId() => Task.FromResult(_activationId);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private Task OnNext(int item, StreamSequenceToken? token)
    {
        _inOrder &= item == _next;
        _next = item + 1;
        _count++;
        return Task.CompletedTask;
    }
}

public interface IStreamProducerGrain : IGrainWithStringKey
{
    Task Produce(string streamKey, int count);
}

public sealed class StreamProducerGrain : Grain, IStreamProducerGrain
{
    public async Task Produce(string streamKey, int count)
    {
        var stream = GetStreamProvider("events").GetStream<int>(StreamId.Create("events", streamKey));
        for (var i = 0; i < count; i++)
        {
            await stream.OnNextAsync(i);
        }
    }
}

public interface ISequenceGrain : IGrainWithStringKey
{
    IAsyncEnumerable<int> Range(int count);

    Task<int> Ping();
}

public sealed class SequenceGrain : Grain, ISequenceGrain
{
    public async IAsyncEnumerable<int> Range(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 100 == 0)
            {
                await Task.Yield();
            }

            yield return i;
        }
    }

    public Task<int> Ping() => Task.FromResult(1);
}
