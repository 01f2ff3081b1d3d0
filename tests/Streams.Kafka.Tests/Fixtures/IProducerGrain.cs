namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>A grain that publishes to Kafka streams, as workspace grains will.</summary>
public interface IProducerGrain : IGrainWithStringKey
{
    /// <summary>Publishes events <paramref name="from"/>..<paramref name="to"/> of this producer to the stream, one OnNextAsync at a time.</summary>
    Task Publish(string streamNamespace, string streamKey, int from, int to);
}
