using Orleans.Runtime;

namespace Vibe.Bench.Streams;

public sealed class BenchProducerGrain : Grain, IBenchProducerGrain
{
    public Task Publish(string provider, BenchEvent item) =>
        this.GetStreamProvider(provider).GetStream<BenchEvent>(StreamId.Create(StreamBenchCluster.Namespace, this.GetPrimaryKeyString())).OnNextAsync(item);
}
