using Microsoft.Extensions.Logging;
using Vibe.Actors.Runtime;

namespace Vibe.Actors.Streams;

/// <summary>
/// Holds a stream's subscriptions in storage ("PubSubStore") and tells the silos that produce into the
/// stream whenever they change, before Subscribe returns, so no event produced afterwards misses a subscriber.
/// </summary>
internal sealed partial class PubSubRendezvousGrain(
    [PersistentState("subscriptions", StreamProviderNames.PubSubStore)] IPersistentState<PubSubRendezvousGrain.Subscriptions> state,
    SiloRuntime runtime,
    ILogger<PubSubRendezvousGrain> logger) : Grain, IPubSubRendezvousGrain
{
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);
    private readonly HashSet<string> _producerSilos = [];

    public async Task Subscribe(StreamSubscriptionRecord subscription)
    {
        state.State.Items.RemoveAll(s => s.HandleId == subscription.HandleId);
        state.State.Items.Add(subscription);
        await state.WriteStateAsync();
        await NotifyProducersAsync();
    }

    public async Task Unsubscribe(Guid handleId)
    {
        if (state.State.Items.RemoveAll(s => s.HandleId == handleId) > 0)
        {
            await state.WriteStateAsync();
            await NotifyProducersAsync();
        }
    }

    public Task<List<StreamSubscriptionRecord>> GetSubscriptions(string? producerSilo)
    {
        if (producerSilo is not null)
        {
            _producerSilos.Add(producerSilo);
        }

        return Task.FromResult(new List<StreamSubscriptionRecord>(state.State.Items));
    }

    private async Task NotifyProducersAsync()
    {
        var items = new List<StreamSubscriptionRecord>(state.State.Items);
        var key = this.GetPrimaryKeyString();
        var notifications = _producerSilos.Select(async silo =>
        {
            try
            {
                await runtime.StreamRegistryOf(silo).SubscriptionsChanged(key, items).WaitAsync(NotifyTimeout);
                return (silo, ok: true);
            }
            catch (Exception ex) when (ex is ActorRuntimeException or TimeoutException)
            {
                LogNotifyFailed(logger, silo, key, ex.Message);
                return (silo, ok: false);
            }
        });
        foreach (var (silo, ok) in await Task.WhenAll(notifications))
        {
            if (!ok)
            {
                _producerSilos.Remove(silo); // it fetches the list again when it next produces
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} was not told about new subscriptions of stream {Stream}: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, string silo, string stream, string reason);

    public sealed class Subscriptions
    {
        public List<StreamSubscriptionRecord> Items { get; set; } = [];
    }
}

/// <summary>Well-known names of the streaming runtime.</summary>
internal static class StreamProviderNames
{
    /// <summary>The grain storage that keeps stream subscriptions (defaults to "Default", or memory if there is none).</summary>
    public const string PubSubStore = "PubSubStore";

    public static string RendezvousKey(string provider, StreamId streamId) => $"{provider}/{streamId.Namespace}/{streamId.Key}";
}
