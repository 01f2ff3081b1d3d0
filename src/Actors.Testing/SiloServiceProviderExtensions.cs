using Microsoft.Extensions.DependencyInjection;
using Vibe.Actors.Runtime;
using Vibe.Actors.Streams;

namespace Vibe.Actors.Testing;

/// <summary>Looks inside a test silo.</summary>
public static class SiloServiceProviderExtensions
{
    /// <summary>The stream provider registered under <paramref name="name"/>.</summary>
    public static IStreamProvider GetStreamProvider(this IServiceProvider services, string name) =>
        services.GetRequiredKeyedService<IStreamProvider>(name);

    /// <summary>How many subscriptions of plain (non-grain) observers on this silo the stream's rendezvous holds.</summary>
    public static async Task<int> ObserverSubscriptionCount(this IServiceProvider services, string provider, StreamId streamId)
    {
        var runtime = services.GetRequiredService<SiloRuntime>();
        var rendezvous = runtime.GrainFactory.GetGrain<IPubSubRendezvousGrain>(StreamProviderNames.RendezvousKey(provider, streamId));
        var subscriptions = await rendezvous.GetSubscriptions(null);
        return subscriptions.Count(s => s.Grain is null && s.Silo == runtime.LocalSiloKey);
    }

    /// <summary>1 if the grain ("type/key") has an activation in this silo, else 0.</summary>
    public static int ActivationCount(this IServiceProvider services, string grainId) =>
        services.GetRequiredService<SiloRuntime>().Catalog.TryGet(GrainId.Parse(grainId), out _) ? 1 : 0;
}
