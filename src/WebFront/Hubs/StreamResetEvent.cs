namespace Vibe.WebFront.Hubs;

/// <summary>
/// The "streamReset" event: a connection asked to resume <paramref name="Stream"/> ("status" or "agent") of a workspace
/// from a token the stream no longer holds (or the server keeps no history); it missed events and should reload the view.
/// </summary>
internal sealed record StreamResetEvent(string WorkspaceId, string Stream)
{
    public const string Status = "status";

    public const string Agent = "agent";

    public const string Logs = "logs";
}
