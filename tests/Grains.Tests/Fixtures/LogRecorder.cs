namespace Vibe.Grains.Tests.Fixtures;

/// <summary>A workspace's log watcher (<see cref="IWorkspaceLogObserver"/>) recording the container's lines.</summary>
public sealed class LogRecorder : IWorkspaceLogObserver
{
    private readonly Recording<WorkspaceLogLine> _lines;

    private LogRecorder(Recording<WorkspaceLogLine> lines) => _lines = lines;

    public static async Task<Recording<WorkspaceLogLine>> RecordAsync(WorkspaceSilo silo, string workspaceId)
    {
        var recording = new Recording<WorkspaceLogLine>();
        var workspace = silo.Workspace(workspaceId);
        recording.StopWith(await ObserverWatch.StartAsync<IWorkspaceLogObserver>(silo.Client, new LogRecorder(recording), workspace.WatchLogs, workspace.UnwatchLogs));
        return recording;
    }

    public Task OnLog(WorkspaceLogLine line)
    {
        _lines.Add(line);
        return Task.CompletedTask;
    }
}
