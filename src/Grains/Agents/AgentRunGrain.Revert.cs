using Microsoft.Extensions.Logging;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Agents;

/// <summary>Undoing a run: every file it changed goes back to its text before the run, keeping edits people made elsewhere.</summary>
internal sealed partial class AgentRunGrain
{
    public async Task<AgentRevertResult> Revert(string userId, string userName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (Run.Status is null)
        {
            throw new ConflictException($"Agent run '{Key}' does not exist.");
        }

        if (Run.Status == AgentRunStatus.Running || _reverting)
        {
            return new AgentRevertResult(false, Run.Status == AgentRunStatus.Running ? "The run is still going: stop it before reverting it." : "The run is being reverted already.", []);
        }

        if (Run.Reverted)
        {
            return new AgentRevertResult(false, "This run has already been reverted.", []);
        }

        _reverting = true;
        try
        {
            var plans = new List<(string Path, string? Text)>(Run.Changes.Count);
            var conflicts = new List<string>();
            foreach (var change in Run.Changes)
            {
                var current = await CurrentTextAsync(change.Path);
                if (change.Before is null)
                {
                    // The run created the file: delete it, unless someone has written in it since.
                    if (current is null)
                    {
                        continue;
                    }

                    if (current == change.After)
                    {
                        plans.Add((change.Path, null));
                    }
                    else
                    {
                        conflicts.Add($"{change.Path}: the run created it and it has been edited since");
                    }

                    continue;
                }

                if (current is null)
                {
                    conflicts.Add($"{change.Path}: it has been deleted since the run");
                    continue;
                }

                var plan = AgentRevertPlanner.Plan(change.Path, change.Before, change.After ?? "", current);
                if (plan.Conflict is { } conflict)
                {
                    conflicts.Add(conflict);
                }
                else if (plan.Text != current)
                {
                    plans.Add((change.Path, plan.Text));
                }
            }

            if (conflicts.Count > 0)
            {
                LogRevertRefused(logger, Key.WorkspaceId, Key.RunId, conflicts.Count);
                return new AgentRevertResult(
                    false,
                    $"Not reverted, nothing was changed: someone has edited the same lines since the run. {string.Join("; ", conflicts)}.",
                    conflicts);
            }

            var author = Author(userId, string.IsNullOrWhiteSpace(userName) ? "AI agent (revert)" : $"{userName} (reverting the AI agent)");
            foreach (var (path, text) in plans)
            {
                if (text is null)
                {
                    await Workspace.DeleteFile(path);
                }
                else
                {
                    await Document(path).ReplaceText(author, text);
                    _unsynced.Add(path);
                }
            }

            // Reverted means reverted on disk too: whoever reads the files next (a command, `vibe exec`) finds them restored.
            await WaitForEditsOnDiskAsync(CancellationToken.None);

            Run.Reverted = true;
            var files = Run.Changes.Count == 0 ? "no files" : string.Join(", ", Run.Changes.Select(c => c.Path));
            await EmitAsync(NewEvent(AgentRunEventKind.Reverted) with { Text = $"Reverted by {userName}: {files}" });
            await SaveAsync();
            LogReverted(logger, Key.WorkspaceId, Key.RunId, userId, Run.Changes.Count);
            return new AgentRevertResult(true, Run.Changes.Count == 0 ? "The run changed no files." : $"Reverted {files}.", []);
        }
        finally
        {
            _reverting = false;
            await LeaveDocumentsAsync();
        }
    }

    /// <summary>The file's text now, or null when it no longer exists.</summary>
    private async Task<string?> CurrentTextAsync(string path)
    {
        try
        {
            return (await Document(path).Open()).Text;
        }
        catch (DocumentException)
        {
            if (await ExistsAsync(path))
            {
                throw;
            }

            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent run {RunId} of workspace {WorkspaceId} reverted by {UserId} ({Files} files)")]
    private static partial void LogReverted(ILogger logger, string workspaceId, string runId, string userId, int files);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reverting agent run {RunId} of workspace {WorkspaceId} refused: {Conflicts} files edited on the same lines since")]
    private static partial void LogRevertRefused(ILogger logger, string workspaceId, string runId, int conflicts);
}
