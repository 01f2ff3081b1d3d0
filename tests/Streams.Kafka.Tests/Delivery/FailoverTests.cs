using Vibe.Streams.Kafka.Tests.Fixtures;
using Xunit.Abstractions;

namespace Vibe.Streams.Kafka.Tests.Delivery;

[Collection(KafkaCollection.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_silo_that_pulls_a_partition_delivers_every_acknowledged_event_in_order_with_repeats_only_of_seen_tokens()
    {
        using var kafka = new KafkaMockCluster(brokers: 3);
        await using var cluster = await StreamTestCluster.StartAsync(kafka, silos: 3, partitions: 4);
        const int Streams = 12, Events = 150, KillAfter = 50;

        // The broker refuses the first commits, so the killed silo surely delivered events it had not committed: its
        // successor reads them again, and Orleans' handshake (each subscriber's last token) must position it right.
        kafka.FailNextRequests(KafkaMockCluster.OffsetCommitApi, [.. Enumerable.Repeat(KafkaMockCluster.GroupAuthorizationFailed, 300)]);
        var recorders = await Task.WhenAll(Enumerable.Range(0, Streams).Select(s => StreamRecorder.SubscribeAsync(cluster.Client, "workspace-logs", $"ws-{s}")));
        var acknowledged = new int[Streams];
        var failedCalls = 0;

        async Task ProduceAsync(int stream)
        {
            var producer = cluster.Client.GetGrain<IProducerGrain>($"producer-{stream}");
            for (var sequence = 1; sequence <= Events; sequence++)
            {
                // A call that fails (its grain's silo died) may or may not have stored the event: publish it again.
                while (true)
                {
                    try
                    {
                        await producer.Publish("workspace-logs", $"ws-{stream}", sequence, sequence);
                        break;
                    }
                    catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                    {
                        Interlocked.Increment(ref failedCalls);
                    }
                }

                Volatile.Write(ref acknowledged[stream], sequence);
            }
        }

        var producing = Task.WhenAll(Enumerable.Range(0, Streams).Select(s => Task.Run(() => ProduceAsync(s))));
        await Eventually.Until(() => acknowledged.All(a => Volatile.Read(ref a) >= KillAfter), "every producer to get its first events acknowledged", KafkaFixture.Patience);

        var (victim, partitions) = cluster.Readers().First(r => r.Silo != cluster.Cluster.Silos[0] && r.Partitions.Count > 0);
        await cluster.Cluster.KillSiloAsync(victim);
        await cluster.Cluster.WaitForLivenessToStabilizeAsync();
        await producing;

        await Eventually.Until(() => cluster.Readers().SelectMany(r => r.Partitions).Order().SequenceEqual([0, 1, 2, 3]), "the surviving silos to read every partition", KafkaFixture.Patience);
        var duplicates = 0;
        for (var s = 0; s < Streams; s++)
        {
            var recorder = recorders[s];
            await Eventually.Until(() => recorder.DistinctByToken().Select(r => r.Event.Sequence).Distinct().Count() == Events, $"ws-{s} to receive every acknowledged event", KafkaFixture.Patience);
            var distinct = recorder.DistinctByToken();
            duplicates += recorder.Received.Count - distinct.Count;

            // After dropping repeated tokens, the stream is in production order: every event, a republished one next to itself.
            Assert.Equal(Enumerable.Range(1, Events), distinct.Select(r => r.Event.Sequence).Distinct());
            Assert.All(distinct.Zip(distinct.Skip(1)), pair => Assert.True(pair.First.Event.Sequence <= pair.Second.Event.Sequence, $"ws-{s}: {pair.First} then {pair.Second}"));
            Assert.All(distinct.Zip(distinct.Skip(1)), pair => Assert.True(pair.First.Token.CompareTo(pair.Second.Token) < 0));

            // A repeat is a redelivery of a token this subscriber already had, never a token from the past it had not seen.
            var highest = default(KafkaSequenceToken);
            var seen = new HashSet<KafkaSequenceToken>();
            foreach (var received in recorder.Received)
            {
                Assert.True(highest is null || received.Token.CompareTo(highest) > 0 || seen.Contains(received.Token), $"ws-{s}: {received.Token} arrived after {highest} without having been delivered before");
                seen.Add(received.Token);
                highest = highest is null || received.Token.CompareTo(highest) > 0 ? received.Token : highest;
            }
        }
        output.WriteLine($"killed silo read partitions {string.Join(",", partitions)}; {failedCalls} producer calls failed and were retried; {duplicates} deliveries repeated a token (at-least-once) and were dropped by token");
    }
}
