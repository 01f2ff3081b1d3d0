using System.Text.Json;
using Vibe.TestSupport;

namespace Vibe.Hosting.Tests.Storage;

/// <summary>Stream subscriptions in the "PubSubStore" that AddVibeStorage registers (Orleans' own JSON, unlike grain state).</summary>
[Collection(DatabaseCollection.Name)]
public sealed class PubSubStoreTests(Databases databases)
{
    [Theory]
    [MemberData(nameof(Databases.Kinds), MemberType = typeof(Databases))]
    public async Task A_subscription_with_its_stream_producer_is_read_back_when_the_rendezvous_comes_back_and_after_a_restart(string kind)
    {
        var database = await databases.CreateAsync(kind);
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];
        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            var listener = silo.Grains.GetGrain<IListenerGrain>("ws1");
            await listener.Listen();
            await PublishAsync(silo, "ws1", "before");
            await Wait.Until(async () => (await listener.Heard()).Contains("before"), "the event before the restart");

            // The stream's pulling agent registered as its producer: an entry System.Text.Json cannot read back (PubSubPublisherState).
            await Wait.Until(async () => await StoredProducersAsync(database, serviceId) > 0, "the producer in the stored subscription");

            // Collected, the listener and the stream's rendezvous grain come back on the next event and read the stored state.
            await silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            await PublishAsync(silo, "ws1", "again");
            await Wait.Until(async () => (await listener.Heard()).Contains("again"), "the event after the rendezvous read its state back");
        }

        // The new silo's rendezvous grain reads the subscription back, and the listener resumes it.
        await using (var silo = await TestSilo.StartAsync(database.Settings, serviceId))
        {
            var listener = silo.Grains.GetGrain<IListenerGrain>("ws1");
            Assert.Empty(await listener.Heard());
            await PublishAsync(silo, "ws1", "after");
            await Wait.Until(async () => (await listener.Heard()).Contains("after"), "the event after the restart");
        }
    }

    /// <summary>The producers the stored rendezvous state lists.</summary>
    private static async Task<int> StoredProducersAsync(TestDatabase database, string serviceId)
    {
        var payload = database.IsPostgres ? "payload::text" : "payload";
        var rows = await database.QueryAsync(
            $"SELECT {payload} FROM orleans_grain_state WHERE service_id = @service AND state_name = 'PubSubRendezvousGrain'",
            ("@service", serviceId));
        if (rows.Count == 0 || rows[0][0] is not string json)
        {
            return 0;
        }

        using var document = JsonDocument.Parse(json);
        Assert.Equal(1, Count(document.RootElement.GetProperty("Consumers")));
        return Count(document.RootElement.GetProperty("Producers"));
    }

    /// <summary>The items of a stored collection: an array, or Orleans' JSON form with $type and $values.</summary>
    private static int Count(JsonElement collection) =>
        collection.ValueKind == JsonValueKind.Array ? collection.GetArrayLength() : collection.GetProperty("$values").GetArrayLength();

    private static Task PublishAsync(TestSilo silo, string key, string item) =>
        silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ListenerGrain.StreamProvider)
            .GetStream<string>(StreamId.Create(ListenerGrain.StreamNamespace, key))
            .OnNextAsync(item);
}
