namespace Vibe.Actors.Streams;

/// <summary>The rendezvous of one stream (key "provider/namespace/key"): who subscribes to it, persisted so it outlives silos.</summary>
internal interface IPubSubRendezvousGrain : IGrainWithStringKey
{
    Task Subscribe(StreamSubscriptionRecord subscription);

    Task Unsubscribe(Guid handleId);

    /// <summary>The subscriptions; a producing silo names itself so it is told about later changes.</summary>
    Task<List<StreamSubscriptionRecord>> GetSubscriptions(string? producerSilo);
}
