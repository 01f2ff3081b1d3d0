namespace Vibe.Actors.CodeGen.Tests;

/// <summary>An in-memory persistent state that never touches storage.</summary>
internal sealed class FakePersistentState<TState>(TState state) : IPersistentState<TState>
{
    public TState State { get; set; } = state;

    public string? Etag => null;

    public bool RecordExists => false;

    public Task ReadStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task WriteStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ClearStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
