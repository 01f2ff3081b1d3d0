namespace Vibe.Docker.Logs;

/// <summary>The stream a chunk of container output came from; the values are the stream-type byte of the multiplexed frame header.</summary>
public enum StdStream : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
}
