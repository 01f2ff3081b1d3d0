using Vibe.Actors.Streams;
using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Runtime;

public sealed class StreamTests : IAsyncLifetime
{
    private TestSiloHost _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSiloHost.StartAsync(s => s.AddMemoryGrainStorage().AddInClusterStreams("events"));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private IStreamProvider Provider => _silo.Services.GetStreamProvider("events");

    [Fact]
    public async Task Ten_thousand_events_reach_a_grain_and_a_plain_subscriber_in_order()
    {
        var consumer = _silo.GrainFactory.GetGrain<IStreamConsumerGrain>("ten-thousand");
        await consumer.Subscribe("ten-thousand");
        var received = new List<int>();
        var handle = await Provider.GetStream<int>(StreamId.Create("events", "ten-thousand")).SubscribeAsync((item, _) =>
        {
            received.Add(item);
            return Task.CompletedTask;
        });

        await _silo.GrainFactory.GetGrain<IStreamProducerGrain>("producer").Produce("ten-thousand", 10_000);

        Assert.Equal(10_000, await consumer.Count());
        Assert.True(await consumer.InOrder());
        Assert.Equal(Enumerable.Range(0, 10_000), received);
        await handle.UnsubscribeAsync();
    }

    [Fact]
    public async Task Events_from_one_producer_stay_in_order_even_when_it_does_not_await_each_one()
    {
        var stream = Provider.GetStream<int>(StreamId.Create("events", "unawaited"));
        var received = new List<int>();
        await stream.SubscribeAsync(async (item, _) =>
        {
            if (item % 7 == 0)
            {
                await Task.Yield();
            }

            received.Add(item);
        });

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => stream.OnNextAsync(i)).ToArray());

        Assert.Equal(Enumerable.Range(0, 1000), received);
    }

    [Fact]
    public async Task An_unsubscribed_observer_receives_nothing_more()
    {
        var stream = Provider.GetStream<int>(StreamId.Create("events", "unsubscribe"));
        var count = 0;
        var handle = await stream.SubscribeAsync((_, _) =>
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        });
        await stream.OnNextAsync(1);

        await handle.UnsubscribeAsync();
        await stream.OnNextAsync(2);

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task A_grain_subscription_outlives_the_activation_and_is_resumed_on_reactivation()
    {
        var consumer = _silo.GrainFactory.GetGrain<IStreamConsumerGrain>("resumed");
        await consumer.Subscribe("resumed");
        var first = await consumer.GetActivationId();
        await consumer.Deactivate();
        await Eventually.Until(() => _silo.Services.ActivationCount("streamconsumer/resumed") == 0, "the consumer to deactivate");

        await Provider.GetStream<int>(StreamId.Create("events", "resumed")).OnNextAsync(0);

        Assert.NotEqual(first, await consumer.GetActivationId());
        Assert.Equal(1, await consumer.Count()); // delivered to the new activation through the resumed handle
    }

    [Fact]
    public async Task A_grain_unsubscribing_stops_delivery_to_it()
    {
        var consumer = _silo.GrainFactory.GetGrain<IStreamConsumerGrain>("grain-unsubscribe");
        await consumer.Subscribe("grain-unsubscribe");
        var stream = Provider.GetStream<int>(StreamId.Create("events", "grain-unsubscribe"));
        await stream.OnNextAsync(0);

        await consumer.Unsubscribe();
        await stream.OnNextAsync(1);

        Assert.Equal(1, await consumer.Count());
    }
}
