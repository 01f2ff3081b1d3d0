using Orleans.Runtime;

namespace Vibe.Streams.Kafka.Tests.Fixtures;

public sealed class ProducerGrain : Grain, IProducerGrain
{
    public async Task Publish(string streamNamespace, string streamKey, int from, int to)
    {
        var stream = this.GetStreamProvider(StreamTestCluster.Provider).GetStream<StreamEvent>(StreamId.Create(streamNamespace, streamKey));
        for (var sequence = from; sequence <= to; sequence++)
        {
            await stream.OnNextAsync(new StreamEvent(this.GetPrimaryKeyString(), sequence));
        }
    }
}
