namespace Vibe.Actors;

/// <summary>
/// A grain's persistent state, injected with <see cref="PersistentStateAttribute"/>. The state is read before
/// OnActivateAsync. Writes carry the ETag that was read; a stale ETag throws <see cref="InconsistentStateException"/>.
/// </summary>
public interface IPersistentState<TState>
{
    /// <summary>The state; a new instance of <typeparamref name="TState"/> when nothing was stored.</summary>
    TState State { get; set; }

    /// <summary>The version tag of the stored record (or of its tombstone after a clear); null when nothing was ever stored.</summary>
    string? Etag { get; }

    /// <summary>Whether a record exists in storage.</summary>
    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored state (keeping a tombstone so older ETags stay stale) and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
