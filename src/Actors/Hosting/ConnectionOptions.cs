namespace Vibe.Actors.Hosting;

/// <summary>How silos open and use their TCP connections to each other.</summary>
public sealed class ConnectionOptions
{
    /// <summary>How long opening a connection (TCP connect plus the preamble exchange) may take before its messages fail (default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long sends to a silo fail fast after a failed connection attempt; doubles per consecutive failure (default 100 ms).</summary>
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap on the doubling reconnect delay (default 5 s).</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Queued frames are gathered into one socket send until the batch reaches this size (default 64 KiB).</summary>
    public int MaxBatchBytes { get; set; } = 64 * 1024;

    /// <summary>Throws if a value cannot work; called when the transport is created.</summary>
    public void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "ConnectTimeout must be positive.");
        }

        if (MinReconnectDelay <= TimeSpan.Zero || MaxReconnectDelay < MinReconnectDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MinReconnectDelay), MinReconnectDelay, "Reconnect delays must be positive with MinReconnectDelay <= MaxReconnectDelay.");
        }

        if (MaxBatchBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchBytes), MaxBatchBytes, "MaxBatchBytes must be at least 1024.");
        }
    }
}
