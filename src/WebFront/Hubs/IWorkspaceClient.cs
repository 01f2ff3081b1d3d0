using Microsoft.AspNetCore.SignalR;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// What the workspace hub calls on its clients (the events a browser subscribes to with <c>connection.on</c>); the wire
/// names are the <see cref="HubMethodNameAttribute"/>s. A payload is typed <c>object</c> because events of a resumable
/// stream go out re-serialised with their token (see <see cref="StreamFanOut"/>). Public because SignalR implements it
/// in a generated assembly.
/// </summary>
public interface IWorkspaceClient
{
    /// <summary>A <see cref="WorkspaceStatusEvent"/> of a watched workspace.</summary>
    [HubMethodName("status")]
    Task Status(object status);

    /// <summary>A line the watched workspace's main process wrote.</summary>
    [HubMethodName("log")]
    Task Log(object line);

    [HubMethodName("terminalOutput")]
    Task TerminalOutput(object output);

    [HubMethodName("terminalExited")]
    Task TerminalExited(object exited);

    [HubMethodName("documentUpdates")]
    Task DocumentUpdates(object updates);

    [HubMethodName("documentPresence")]
    Task DocumentPresence(object presence);

    [HubMethodName("documentNotice")]
    Task DocumentNotice(object notice);

    /// <summary>An <see cref="Vibe.Grains.Interfaces.Agents.AgentRunEvent"/> of a run in a watched workspace.</summary>
    [HubMethodName("agentEvent")]
    Task AgentEvent(object agentEvent);

    /// <summary>An <see cref="Vibe.Grains.Interfaces.Agents.AgentProviderChanged"/>: read the workspace's agent status again (workspace id null: every workspace's).</summary>
    [HubMethodName("agentProviderChanged")]
    Task AgentProviderChanged(object changed);

    /// <summary>A <see cref="WorkspaceFilesChangedMessage"/>: directories of a watched workspace whose entries changed on disk.</summary>
    [HubMethodName("filesChanged")]
    Task FilesChanged(object change);

    /// <summary>A <see cref="StreamResetEvent"/>: resuming from a token was not possible; reload the view.</summary>
    [HubMethodName("streamReset")]
    Task StreamReset(object reset);
}
