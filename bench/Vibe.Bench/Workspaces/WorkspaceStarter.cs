using System.Diagnostics;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Bench.Workspaces;

/// <summary>Creates and starts fresh workspaces through the grain and waits until a shell in the container answers.</summary>
internal static class WorkspaceStarter
{
    public const string Owner = "bench";

    private static readonly string[] ReadyCommand = ["sh", "-c", "echo ready"];
    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(20);

    public static WorkspaceSpec Spec { get; } = new(Owner, "bench", "blank");

    /// <summary>The phases of one start, each measured from the end of the one before.</summary>
    public readonly record struct Timing(TimeSpan Create, TimeSpan Start, TimeSpan Ready)
    {
        public TimeSpan Total => Create + Start + Ready;
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>Create, Start, then `sh -c "echo ready"` until it answers "ready": the moment a user's shell could answer.</summary>
    public static async Task<Timing> StartAsync(IWorkspaceGrain workspace)
    {
        var started = Stopwatch.GetTimestamp();
        await workspace.Create(Spec);
        var created = Stopwatch.GetTimestamp();
        var info = await workspace.Start();
        if (info.Status != WorkspaceStatus.Running)
        {
            throw new InvalidOperationException($"Workspace {info.Id} is {info.Status} after Start: {info.LastError}");
        }

        var running = Stopwatch.GetTimestamp();
        await WaitReadyAsync(workspace);
        var ready = Stopwatch.GetTimestamp();
        return new Timing(
            Stopwatch.GetElapsedTime(started, created),
            Stopwatch.GetElapsedTime(created, running),
            Stopwatch.GetElapsedTime(running, ready));
    }

    public static async Task WaitReadyAsync(IWorkspaceGrain workspace)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await workspace.Exec(ReadyCommand, ExecTimeout);
            if (result.ExitCode == 0 && result.Stdout == "ready\n")
            {
                return;
            }

            if (attempt == 100)
            {
                throw new InvalidOperationException($"The workspace never answered 'ready': exit code {result.ExitCode}, stderr '{result.Stderr}'.");
            }
        }
    }
}
