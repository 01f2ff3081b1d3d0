using Vibe.Streams.Kafka.Tests.Fixtures;

namespace Vibe.Streams.Kafka.Tests.Delivery;

[Collection(KafkaCollection.Name)]
public sealed class OrderingTests(KafkaFixture fixture)
{
    [Fact]
    public async Task Each_stream_receives_every_producers_events_once_and_in_the_order_they_were_produced()
    {
        await using var cluster = await StreamTestCluster.StartAsync(fixture.Kafka);
        const int Streams = 6, ProducersPerStream = 3, EventsPerProducer = 40;
        var recorders = new StreamRecorder[Streams];
        for (var s = 0; s < Streams; s++)
        {
            recorders[s] = await StreamRecorder.SubscribeAsync(cluster.Client, "workspace-status", $"ws-{s}");
        }

        await Task.WhenAll(
            from s in Enumerable.Range(0, Streams)
            from p in Enumerable.Range(0, ProducersPerStream)
            select cluster.Client.GetGrain<IProducerGrain>($"producer-{s}-{p}").Publish("workspace-status", $"ws-{s}", 1, EventsPerProducer));

        for (var s = 0; s < Streams; s++)
        {
            var recorder = recorders[s];
            await Eventually.Until(() => recorder.Received.Count >= ProducersPerStream * EventsPerProducer, $"stream ws-{s} to receive every event", KafkaFixture.Patience);
            var received = recorder.Received;
            Assert.Equal(ProducersPerStream * EventsPerProducer, received.Count);
            Assert.All(received.Zip(received.Skip(1)), pair => Assert.True(pair.First.Token.CompareTo(pair.Second.Token) < 0, $"{pair.First.Token} then {pair.Second.Token}"));
            foreach (var byProducer in received.GroupBy(r => r.Event.Producer))
            {
                Assert.Equal(Enumerable.Range(1, EventsPerProducer), byProducer.Select(r => r.Event.Sequence));
            }

            Assert.Empty(recorder.Errors);
        }
    }
}
