using Orleans.Streams;

namespace Vibe.Hosting.Tests.Grains;

internal sealed class ListenerGrain : Grain, IListenerGrain
{
    /// <summary>The memory stream provider the test silos register.</summary>
    public const string StreamProvider = "hosting-tests";

    /// <summary>The namespace of the streams, keyed by the listener's key.</summary>
    public const string StreamNamespace = "notes";

    private readonly List<string> _heard = [];

    private IAsyncStream<string> Stream =>
        this.GetStreamProvider(StreamProvider).GetStream<string>(StreamId.Create(StreamNamespace, this.GetPrimaryKeyString()));

    // A new activation resumes the subscriptions the pub-sub store kept for it.
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var handle in await Stream.GetAllSubscriptionHandles())
        {
            await handle.ResumeAsync(OnNextAsync);
        }
    }

    public async Task Listen() => await Stream.SubscribeAsync(OnNextAsync);

    public Task<List<string>> Heard() => Task.FromResult(_heard.ToList());

    private Task OnNextAsync(string item, StreamSequenceToken? token)
    {
        _heard.Add(item);
        return Task.CompletedTask;
    }
}
