namespace Vibe.Docker.Logs;

/// <summary>Options of <c>GET /containers/{id}/logs</c>.</summary>
public sealed class LogsParameters
{
    /// <summary>Keep the stream open and deliver new output as it is written.</summary>
    public bool Follow { get; set; }

    public bool Stdout { get; set; } = true;

    public bool Stderr { get; set; } = true;

    /// <summary>Only output written at or after this time.</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>Only output written before this time.</summary>
    public DateTimeOffset? Until { get; set; }

    /// <summary>Only the last N lines of the existing output; null means all.</summary>
    public int? Tail { get; set; }

    /// <summary>Ask the daemon to prefix each line with its RFC 3339 time (parsed into <see cref="LogLine.Timestamp"/>).</summary>
    public bool Timestamps { get; set; }

    /// <summary>Whether the container has a TTY (raw output) or not (multiplexed); null inspects the container to find out.</summary>
    public bool? Tty { get; set; }
}
