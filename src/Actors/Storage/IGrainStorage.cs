namespace Vibe.Actors.Storage;

/// <summary>
/// A grain storage provider. Providers are registered as keyed singletons under their name; "Default" is
/// used when a <see cref="PersistentStateAttribute"/> names none.
/// </summary>
/// <remarks>
/// A clear does not delete the record: it leaves a tombstone, a record with no state whose version (ETag) is
/// the next one, as the Orleans ADO.NET provider does. Versions therefore never restart, so an ETag read before
/// a clear can never match a record written after it.
/// </remarks>
public interface IGrainStorage
{
    /// <summary>
    /// Reads the record into <paramref name="grainState"/>: State, ETag and RecordExists. A missing record leaves
    /// State as given, ETag null and RecordExists false; a tombstone left by a clear leaves State as given, sets
    /// the tombstone's ETag and RecordExists false.
    /// </summary>
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>
    /// Writes State if the stored ETag equals grainState.ETag, then sets the new ETag and RecordExists true.
    /// A tombstone has an ETag like a live record: writing over it requires that ETag, and null succeeds only
    /// when there is neither a record nor a tombstone. Otherwise throws <see cref="InconsistentStateException"/>
    /// and changes nothing.
    /// </summary>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);

    /// <summary>
    /// Under the same ETag check as a write, replaces the record (or an earlier tombstone) with a tombstone whose
    /// version is the next one, then sets ETag to the tombstone's ETag and RecordExists false. Clearing with ETag
    /// null where there is neither a record nor a tombstone changes nothing and leaves ETag null.
    /// </summary>
    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken);
}
