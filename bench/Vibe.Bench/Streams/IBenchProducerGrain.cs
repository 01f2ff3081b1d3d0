namespace Vibe.Bench.Streams;

/// <summary>A grain that publishes one event to a stream of the named provider, as a workspace grain publishes a log line.</summary>
public interface IBenchProducerGrain : IGrainWithStringKey
{
    Task Publish(string provider, BenchEvent item);
}
