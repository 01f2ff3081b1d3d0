namespace Vibe.Actors.Storage;

/// <summary>
/// Grain storage in this process's memory, for tests and single-process runs. It keeps serialized bytes, so a
/// grain never shares an object with storage, and checks ETags exactly like the SQL providers. A cleared state
/// stays as a tombstone (no payload, the next version), so a version is never reused.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Lock _lock = new();

    // Payload null: a tombstone left by a clear.
    private readonly Dictionary<(string GrainType, string GrainKey, string StateName), (byte[]? Payload, int Version)> _records = [];
    private readonly IGrainStateSerializer _serializer;

    public MemoryGrainStorage(IGrainStateSerializer serializer)
    {
        _serializer = serializer;
    }

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool found;
        (byte[]? Payload, int Version) record;
        lock (_lock)
        {
            found = _records.TryGetValue(Key(stateName, grainId), out record);
        }

        if (!found)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        else if (record.Payload is null)
        {
            grainState.ETag = StorageETag.Format(record.Version);
            grainState.RecordExists = false;
        }
        else
        {
            grainState.State = _serializer.Deserialize<TState>(record.Payload);
            grainState.ETag = StorageETag.Format(record.Version);
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var payload = _serializer.Serialize(grainState.State);
        var key = Key(stateName, grainId);
        int version;
        lock (_lock)
        {
            var storedETag = _records.TryGetValue(key, out var stored) ? StorageETag.Format(stored.Version) : null;
            if (storedETag != grainState.ETag)
            {
                throw StorageETag.Conflict("write", stateName, grainId, storedETag, grainState.ETag);
            }

            version = storedETag is null ? 1 : stored.Version + 1;
            _records[key] = (payload, version);
        }

        grainState.ETag = StorageETag.Format(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = Key(stateName, grainId);
        int? version = null; // stays null when there was no record (nor tombstone) to clear
        lock (_lock)
        {
            var storedETag = _records.TryGetValue(key, out var stored) ? StorageETag.Format(stored.Version) : null;
            if (storedETag != grainState.ETag)
            {
                throw StorageETag.Conflict("clear", stateName, grainId, storedETag, grainState.ETag);
            }

            if (storedETag is not null)
            {
                version = stored.Version + 1;
                _records[key] = (null, version.Value);
            }
        }

        grainState.ETag = version is null ? null : StorageETag.Format(version.Value);
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static (string, string, string) Key(string stateName, GrainId grainId) => (grainId.Type, grainId.Key, stateName);
}
