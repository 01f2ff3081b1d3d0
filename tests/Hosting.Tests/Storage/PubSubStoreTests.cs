using System.Text.Json;
using Vibe.TestSupport;

namespace Vibe.Hosting.Tests.Storage;

/// <summary>Stream subscriptions in the "PubSubStore" that AddVibeStorage registers.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class PubSubStoreTests(Databases databases)
{
    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task A_grain_subscription_is_stored_as_plain_json_and_delivers_after_a_silo_restart(string kind)
    {
        var database = await databases.CreateAsync(kind);
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];
        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            var listener = silo.Grains.GetGrain<IListenerGrain>("ws1");
            await listener.Listen();
            await PublishAsync(silo, "ws1", "before");
            await Eventually.Until(async () => (await listener.Heard()).Contains("before"), "the event before the restart");
        }

        var payload = database.IsPostgres ? "payload::text" : "payload";
        var row = Assert.Single(await database.QueryAsync(
            $"SELECT {payload} FROM orleans_grain_state WHERE service_id = @service AND state_name = 'PubSubRendezvousGrain'",
            ("@service", serviceId)));
        var json = (string)row[0]!;
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(json))
        {
            Assert.Equal(1, document.RootElement.GetProperty("Consumers").GetArrayLength());
        }

        // The new silo's rendezvous grain reads the subscription back, and the listener resumes it.
        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            var listener = silo.Grains.GetGrain<IListenerGrain>("ws1");
            Assert.Empty(await listener.Heard());
            await PublishAsync(silo, "ws1", "after");
            await Eventually.Until(async () => (await listener.Heard()).Contains("after"), "the event after the restart");
        }
    }

    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task A_stream_can_be_joined_again_after_its_rendezvous_grain_reads_back_a_producer(string kind)
    {
        var database = await databases.CreateAsync(kind);
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = await TestSilo.StartAsync(database.Settings, serviceId);
        var listener = silo.Grains.GetGrain<IListenerGrain>("ws2");
        await listener.Listen();
        await PublishAsync(silo, "ws2", "one");
        await Eventually.Until(async () => (await listener.Heard()).Contains("one"), "the first event");

        // The pulling agent that delivered it registered as the stream's producer, and the rendezvous grain stored that.
        var payload = database.IsPostgres ? "payload::text" : "payload";
        var stored = (string)Assert.Single(await database.QueryAsync(
            $"SELECT {payload} FROM orleans_grain_state WHERE service_id = @service AND state_name = 'PubSubRendezvousGrain'",
            ("@service", serviceId)))[0]!;
        using (var document = JsonDocument.Parse(stored))
        {
            Assert.Equal(1, document.RootElement.GetProperty("Producers").GetArrayLength());
        }

        // Every idle activation goes, the rendezvous grain too; the listener's next activation resumes its subscription,
        // which makes the rendezvous grain read its state, producer included, back from the database.
        await silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Empty(await listener.Heard());
        await PublishAsync(silo, "ws2", "two");
        await Eventually.Until(async () => (await listener.Heard()).Contains("two"), "the event after the rendezvous grain came back");
    }

    private static Task PublishAsync(TestSilo silo, string key, string item) =>
        silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ListenerGrain.StreamProvider)
            .GetStream<string>(StreamId.Create(ListenerGrain.StreamNamespace, key))
            .OnNextAsync(item);
}
