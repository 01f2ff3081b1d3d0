using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Streams;

namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>A client-side subscriber that records every delivery of one stream, in arrival order.</summary>
public sealed class StreamRecorder
{
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentQueue<Exception> _errors = new();

    public IReadOnlyList<Received> Received => [.. _received];

    public IReadOnlyList<Exception> Errors => [.. _errors];

    public StreamSubscriptionHandle<StreamEvent>? Handle { get; private set; }

    public static async Task<StreamRecorder> SubscribeAsync(IClusterClient client, string streamNamespace, string key, StreamSequenceToken? from = null)
    {
        var recorder = new StreamRecorder();
        var stream = client.GetStreamProvider(StreamTestCluster.Provider).GetStream<StreamEvent>(StreamId.Create(streamNamespace, key));
        Task OnNext(StreamEvent item, StreamSequenceToken? token)
        {
            recorder._received.Enqueue(new Received(item, (KafkaSequenceToken)token!));
            return Task.CompletedTask;
        }

        Task OnError(Exception error)
        {
            recorder._errors.Enqueue(error);
            return Task.CompletedTask;
        }

        recorder.Handle = from is null ? await stream.SubscribeAsync(OnNext, OnError) : await stream.SubscribeAsync(OnNext, OnError, from);
        return recorder;
    }

    /// <summary>The deliveries with repeats of an already-seen token dropped, as a resuming subscriber (the hub) drops them.</summary>
    public IReadOnlyList<Received> DistinctByToken()
    {
        var seen = new HashSet<KafkaSequenceToken>();
        return [.. Received.Where(r => seen.Add(r.Token))];
    }
}
