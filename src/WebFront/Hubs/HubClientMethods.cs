namespace Vibe.WebFront.Hubs;

/// <summary>The client methods of <see cref="IWorkspaceClient"/> as values, so that a queued <see cref="HubEvent"/> says which one delivers it.</summary>
internal static class HubClientMethods
{
    public static readonly HubClientMethod Status = new(nameof(IWorkspaceClient.Status), static (client, payload) => client.Status(payload));

    public static readonly HubClientMethod Log = new(nameof(IWorkspaceClient.Log), static (client, payload) => client.Log(payload));

    public static readonly HubClientMethod TerminalOutput = new(nameof(IWorkspaceClient.TerminalOutput), static (client, payload) => client.TerminalOutput(payload));

    public static readonly HubClientMethod TerminalExited = new(nameof(IWorkspaceClient.TerminalExited), static (client, payload) => client.TerminalExited(payload));

    public static readonly HubClientMethod DocumentUpdates = new(nameof(IWorkspaceClient.DocumentUpdates), static (client, payload) => client.DocumentUpdates(payload));

    public static readonly HubClientMethod DocumentPresence = new(nameof(IWorkspaceClient.DocumentPresence), static (client, payload) => client.DocumentPresence(payload));

    public static readonly HubClientMethod DocumentNotice = new(nameof(IWorkspaceClient.DocumentNotice), static (client, payload) => client.DocumentNotice(payload));

    public static readonly HubClientMethod AgentEvent = new(nameof(IWorkspaceClient.AgentEvent), static (client, payload) => client.AgentEvent(payload));

    public static readonly HubClientMethod AgentProviderChanged = new(nameof(IWorkspaceClient.AgentProviderChanged), static (client, payload) => client.AgentProviderChanged(payload));

    public static readonly HubClientMethod FilesChanged = new(nameof(IWorkspaceClient.FilesChanged), static (client, payload) => client.FilesChanged(payload));

    public static readonly HubClientMethod StreamReset = new(nameof(IWorkspaceClient.StreamReset), static (client, payload) => client.StreamReset(payload));
}
