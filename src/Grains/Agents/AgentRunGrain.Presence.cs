using Microsoft.Extensions.Logging;
using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Agents;

/// <summary>The run's cursor in the documents it edits lasts as long as the run, or its revert, and no longer.</summary>
internal sealed partial class AgentRunGrain
{
    /// <summary>Takes the run's cursor (client <c>agent:{run}</c>, as its edits and its revert's set it) out of every file the run changed.</summary>
    private async Task LeaveDocumentsAsync()
    {
        var left = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in Run.Changes)
        {
            if (!left.Add(change.Path))
            {
                continue;
            }

            var key = DocumentKeys.Format(Key.WorkspaceId, change.Path);
            try
            {
                await GrainFactory.GetGrain<IDocumentGrain>(key).SetPresence(new DocumentPresence(key, AuthorClientId, Run.UserId, "", "", 0, [], Left: true));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The document's grain drops the cursor itself once it is stale (DocumentOptions.PresenceTimeout).
                LogCursorNotRemoved(logger, Key.RunId, Key.WorkspaceId, change.Path, ex.GetType().Name, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent run {RunId} of workspace {WorkspaceId}: its cursor in {Path} could not be removed ({Exception}: {Reason}); it expires instead")]
    private static partial void LogCursorNotRemoved(ILogger logger, string runId, string workspaceId, string path, string exception, string reason);
}
