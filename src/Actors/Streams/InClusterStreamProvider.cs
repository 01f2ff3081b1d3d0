using Vibe.Actors.Runtime;

namespace Vibe.Actors.Streams;

/// <summary>
/// The stream provider that carries events through the cluster: no queue, each OnNextAsync delivers to the
/// current subscribers (grains anywhere, plain observers on any silo) and completes when they have handled it.
/// Subscriptions live in a rendezvous grain per stream, persisted in "PubSubStore".
/// </summary>
internal sealed class InClusterStreamProvider(string name, SiloRuntime silo) : IStreamProvider
{
    public string Name { get; } = name;

    internal SiloRuntime Silo { get; } = silo;

    public IAsyncStream<T> GetStream<T>(StreamId streamId) => new AsyncStream<T>(this, streamId);

    internal IPubSubRendezvousGrain Rendezvous(StreamId streamId) =>
        Silo.GrainFactory.GetGrain<IPubSubRendezvousGrain>(StreamProviderNames.RendezvousKey(Name, streamId));
}
