using Vibe.Actors.Storage;

namespace Vibe.Actors.Runtime;

/// <summary>The <see cref="IPersistentState{TState}"/> handed to a grain: a state bound to one storage provider, name and grain.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateLoader
{
    private readonly ActivationData _activation;
    private readonly IGrainStorage _storage;
    private readonly string _stateName;
    private readonly GrainState<TState> _state = new(NewState());

    public PersistentState(ActivationData activation, IGrainStorage storage, string stateName)
    {
        _activation = activation;
        _storage = storage;
        _stateName = stateName;
    }

    public TState State
    {
        get => _state.State;
        set => _state.State = value;
    }

    public string? Etag => _state.ETag;

    public bool RecordExists => _state.RecordExists;

    public Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        _storage.ReadStateAsync(_stateName, _activation.GrainId, _state, cancellationToken);

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.WriteStateAsync(_stateName, _activation.GrainId, _state, cancellationToken);
        }
        catch (InconsistentStateException ex)
        {
            _activation.OnStateConflict(ex);
            throw;
        }
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _storage.ClearStateAsync(_stateName, _activation.GrainId, _state, cancellationToken);
            _state.State = NewState();
        }
        catch (InconsistentStateException ex)
        {
            _activation.OnStateConflict(ex);
            throw;
        }
    }

    private static TState NewState() => StateFactory<TState>.Create();
}
