namespace Vibe.WebFront.Hubs;

/// <summary>The SignalR groups the workspace hub fans grain stream events out to.</summary>
internal static class HubGroups
{
    /// <summary>The viewers of a workspace: its status changes and log lines.</summary>
    public static string Workspace(string workspaceId) => $"workspace:{workspaceId}";

    /// <summary>The viewers of one terminal session: its output and its exit.</summary>
    public static string Terminal(string workspaceId, string sessionId) => $"terminal:{workspaceId}/{sessionId}";

    /// <summary>The editors of one document (key <c>{workspaceId}:{path}</c>): its updates, presence and notices.</summary>
    public static string Document(string documentKey) => $"document:{documentKey}";

    /// <summary>The file trees open on a workspace: the directories whose entries changed on disk.</summary>
    public static string Files(string workspaceId) => $"files:{workspaceId}";

    /// <summary>The watchers of a workspace's AI agent: the events of all its runs.</summary>
    public static string Agent(string workspaceId) => $"agent:{workspaceId}";
}
