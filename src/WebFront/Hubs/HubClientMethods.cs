namespace Vibe.WebFront.Hubs;

/// <summary>The client methods the workspace hub calls (the events a client subscribes to with <c>connection.on</c>).</summary>
internal static class HubClientMethods
{
    public const string Status = "status";

    public const string Log = "log";

    public const string TerminalOutput = "terminalOutput";

    public const string TerminalExited = "terminalExited";

    public const string DocumentUpdates = "documentUpdates";

    public const string DocumentPresence = "documentPresence";

    public const string DocumentNotice = "documentNotice";

    /// <summary>An <see cref="Vibe.Grains.Agents.AgentRunEvent"/> of a run in a watched workspace.</summary>
    public const string AgentEvent = "agentEvent";

    /// <summary>An <see cref="Vibe.Grains.Agents.AgentProviderChanged"/>: read the workspace's agent status again (workspace id null: every workspace's).</summary>
    public const string AgentProviderChanged = "agentProviderChanged";

    /// <summary>A <see cref="WorkspaceFilesChangedMessage"/>: directories of a watched workspace whose entries changed on disk.</summary>
    public const string FilesChanged = "filesChanged";

    /// <summary>A <see cref="StreamResetEvent"/>: resuming from a token was not possible; reload the view.</summary>
    public const string StreamReset = "streamReset";
}
