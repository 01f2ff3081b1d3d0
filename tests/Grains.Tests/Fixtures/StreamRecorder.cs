using Orleans.Streams;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>Subscribes to an Orleans stream through the cluster client (as the web front does) and records what arrives.</summary>
public static class StreamRecorder
{
    public static async Task<Recording<T>> SubscribeAsync<T>(WorkspaceSilo silo, string streamNamespace, string key)
    {
        var recording = new Recording<T>();
        var stream = silo.Client.GetStreamProvider(WorkspaceStreams.Provider).GetStream<T>(StreamId.Create(streamNamespace, key));
        var handle = await stream.SubscribeAsync((item, _) =>
        {
            recording.Add(item);
            return Task.CompletedTask;
        });
        recording.StopWith(() => handle.UnsubscribeAsync());
        return recording;
    }
}
