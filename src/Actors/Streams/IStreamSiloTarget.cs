using Vibe.Actors.Cluster;

namespace Vibe.Actors.Streams;

/// <summary>A silo's stream registry as the rendezvous grains reach it.</summary>
internal interface IStreamSiloTarget : ISystemTarget
{
    /// <summary>The subscriptions of stream <paramref name="streamKey"/> changed; replaces this silo's cached list.</summary>
    Task SubscriptionsChanged(string streamKey, List<StreamSubscriptionRecord> subscriptions);
}
