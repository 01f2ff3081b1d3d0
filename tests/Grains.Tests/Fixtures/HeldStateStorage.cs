using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// Grain storage in front of another that can hold or fail one chosen write of one state name (the n-th), to test what a
/// grain does while its state is being saved. While a write is held it notes whether the state it was given changed.
/// </summary>
internal sealed class HeldStateStorage(string heldState, int heldWrite, bool fail) : IGrainStorage
{
    /// <summary>The name of the in-memory storage this one writes to (<see cref="AddTo"/> adds it).</summary>
    private const string InnerName = "held-state-inner";

    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _writes;
    private IGrainStorage? _inner;

    private IGrainStorage Inner => _inner ?? throw new InvalidOperationException("AddTo has not added this storage to a silo.");

    /// <summary>Completes when the chosen write has begun and is being held.</summary>
    public Task Held => _held.Task;

    /// <summary>Whether the state of the held write changed while it was held (known once released).</summary>
    public bool ChangedWhileHeld { get; private set; }

    /// <summary>Makes this the silo's default grain storage, in front of an in-memory one.</summary>
    public void AddTo(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(InnerName);
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (services, _) =>
        {
            _inner = services.GetRequiredKeyedService<IGrainStorage>(InnerName);
            return this;
        });
    }

    /// <summary>Lets the held write go on (to the inner storage, or to its failure).</summary>
    public void Release() => _released.TrySetResult();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (stateName == heldState && Interlocked.Increment(ref _writes) == heldWrite)
        {
            var before = JsonSerializer.Serialize(grainState.State);
            _held.TrySetResult();
            await _released.Task;
            ChangedWhileHeld = JsonSerializer.Serialize(grainState.State) != before;
            if (fail)
            {
                throw new IOException("The test's storage refused this write.");
            }
        }

        await Inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Inner.ClearStateAsync(stateName, grainId, grainState);
}
