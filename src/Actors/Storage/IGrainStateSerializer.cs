namespace Vibe.Actors.Storage;

/// <summary>Turns grain state into bytes for storage and back. The default is JSON (<see cref="JsonGrainStateSerializer"/>).</summary>
public interface IGrainStateSerializer
{
    byte[] Serialize<TState>(TState state);

    TState Deserialize<TState>(ReadOnlySpan<byte> data);
}
