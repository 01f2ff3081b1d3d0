using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Vibe.Hosting.Storage;

/// <summary>
/// Hands Orleans' ADO.NET grain storage every grain key as a plain string that it cannot mistake for a number.
/// The provider tries a key as a GUID and then as a hexadecimal integer before it takes it as a string, so "c1", "C1" and
/// "0c1" all became the integer 0xC1 and shared one row (workspace ids such as "deadbeef" are valid). Prefixing
/// <see cref="KeyPrefix"/> makes every key fail both parses, so the row holds the key itself, case and leading zeros kept.
/// Grain ids are unchanged everywhere else: only the key this storage sees is encoded.
/// </summary>
internal sealed class KeyEncodingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>What every stored key starts with (column grain_key of orleans_grain_state): not a hexadecimal digit, so no key parses as a number or a GUID.</summary>
    public const string KeyPrefix = "key:";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, Encode(grainId), grainState, CancellationToken.None);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, Encode(grainId), grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, Encode(grainId), grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(stateName, Encode(grainId), grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, Encode(grainId), grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(stateName, Encode(grainId), grainState, cancellationToken);

    /// <summary>The grain id the provider sees: same type, key <see cref="KeyPrefix"/> + the key.</summary>
    internal static GrainId Encode(GrainId grainId) => GrainId.Create(grainId.Type, KeyPrefix + grainId.Key.ToString());
}
