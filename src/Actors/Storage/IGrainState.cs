namespace Vibe.Actors.Storage;

/// <summary>A state value with its storage metadata, as a storage provider reads and writes it.</summary>
public interface IGrainState<TState>
{
    TState State { get; set; }

    /// <summary>The version tag of the stored record; null when none exists.</summary>
    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>The plain implementation of <see cref="IGrainState{TState}"/>.</summary>
public sealed class GrainState<TState> : IGrainState<TState>
{
    public GrainState(TState state) => State = state;

    public TState State { get; set; }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
