using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>
/// Grain storage one in-process test cluster's silos share, so stream subscriptions (the pub-sub grains' state) outlive
/// a killed silo the way they outlive it in a database. Orleans' memory storage keeps state on the silos themselves.
/// </summary>
internal sealed class SharedGrainStorage(ConcurrentDictionary<string, (object State, string ETag)> rows, DeepCopier copier) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.TryGetValue(Key(stateName, grainId), out var row))
        {
            grainState.State = copier.Copy((T)row.State);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Key(stateName, grainId);
        var etag = Guid.NewGuid().ToString("N");
        object state = copier.Copy(grainState.State)!;
        rows.AddOrUpdate(
            key,
            _ => grainState.ETag is null ? (state, etag) : throw Conflict(key),
            (_, row) => row.ETag == grainState.ETag ? (state, etag) : throw Conflict(key));
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        rows.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";

    private static InconsistentStateException Conflict(string key) => new($"The stored state of {key} changed since it was read.");
}
