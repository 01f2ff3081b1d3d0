namespace Vibe.Cli.Api.Models;

/// <summary>
/// The hub's <c>log</c> event: a line (<see cref="Entry"/>, as <c>GET .../logs</c> gives it) with its position in the log
/// stream (<c>p3-o1200-e0</c>) when the server's streams are durable; <c>ResumeWorkspace</c> sends the lines after it.
/// </summary>
internal sealed record LogEvent(string Stream, string Text, DateTimeOffset? Timestamp, string? Token)
{
    public LogEntry Entry => new(Stream, Text, Timestamp);
}
