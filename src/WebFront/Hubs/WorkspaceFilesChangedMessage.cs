using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>The <c>filesChanged</c> client event: directories of the workspace ("" for the root) whose entries changed on disk.</summary>
internal sealed record WorkspaceFilesChangedMessage(string WorkspaceId, IReadOnlyList<string> Directories)
{
    public static WorkspaceFilesChangedMessage From(WorkspaceTreeChange change) => new(change.WorkspaceId, change.Directories);
}
