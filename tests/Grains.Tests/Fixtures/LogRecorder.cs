namespace Vibe.Grains.Tests.Fixtures;

/// <summary>A workspace's log watcher (<see cref="IWorkspaceLogObserver"/>) recording the container's lines, or each delivery of them.</summary>
public sealed class LogRecorder : IWorkspaceLogObserver
{
    private readonly Action<IReadOnlyList<WorkspaceLogLine>> _record;

    private LogRecorder(Action<IReadOnlyList<WorkspaceLogLine>> record) => _record = record;

    /// <summary>Records the lines, one item per line.</summary>
    public static Task<Recording<WorkspaceLogLine>> RecordAsync(WorkspaceSilo silo, string workspaceId) =>
        WatchAsync<WorkspaceLogLine>(silo, workspaceId, static (recording, lines) =>
        {
            foreach (var line in lines)
            {
                recording.Add(line);
            }
        });

    /// <summary>Records each delivery: one item per <see cref="IWorkspaceLogObserver.OnLogs"/> call, with the lines it carried.</summary>
    public static Task<Recording<IReadOnlyList<WorkspaceLogLine>>> RecordDeliveriesAsync(WorkspaceSilo silo, string workspaceId) =>
        WatchAsync<IReadOnlyList<WorkspaceLogLine>>(silo, workspaceId, static (recording, lines) => recording.Add(lines));

    public Task OnLogs(IReadOnlyList<WorkspaceLogLine> lines)
    {
        _record(lines);
        return Task.CompletedTask;
    }

    private static async Task<Recording<T>> WatchAsync<T>(WorkspaceSilo silo, string workspaceId, Action<Recording<T>, IReadOnlyList<WorkspaceLogLine>> record)
    {
        var recording = new Recording<T>();
        var workspace = silo.Workspace(workspaceId);
        recording.StopWith(await ObserverWatch.StartAsync<IWorkspaceLogObserver>(silo.Client, new LogRecorder(lines => record(recording, lines)), workspace.WatchLogs, workspace.UnwatchLogs));
        return recording;
    }
}
