using System.Globalization;
using Vibe.Docker.Runtime;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Reconciles a workspace's recorded status with the state of its container, as the engine reports it (missing, running,
/// or exited with a code, maybe killed for memory): a pure function from the two to a <see cref="WorkspaceReconcilePlan"/>,
/// which the grain carries out. A running container wins over any record but a stop cut short, which is finished; a
/// missing or exited container ends a transition cut short as Stopped and a recorded run as Failed (or Stopped after exit
/// code 0). Quota slots follow: a record that held one (Starting, Running, Stopping) releases it when it ends; one that did
/// not (Creating, Stopped, Failed) reserves one when its container turns out to run.
/// </summary>
internal static class WorkspaceReconcilePlanner
{
    /// <param name="recorded">The status the grain recorded.</param>
    /// <param name="container">The container as the engine reports it; null when it does not exist.</param>
    /// <param name="recordedOomKilled">The grain already saw an OOM kill in this run.</param>
    public static WorkspaceReconcilePlan Plan(WorkspaceStatus recorded, ContainerStatus? container, bool recordedOomKilled)
    {
        if (recorded == WorkspaceStatus.Deleted)
        {
            return WorkspaceReconcilePlan.Keep;
        }

        var heldQuota = recorded is WorkspaceStatus.Starting or WorkspaceStatus.Running or WorkspaceStatus.Stopping;
        var release = heldQuota ? WorkspaceQuotaChange.Release : WorkspaceQuotaChange.None;
        if (container is null)
        {
            return recorded switch
            {
                WorkspaceStatus.Running => new(WorkspaceReconcileStep.MarkFailed, "The container disappeared (removed outside Vibe); the next start creates a new one.", release),
                WorkspaceStatus.Creating or WorkspaceStatus.Starting or WorkspaceStatus.Stopping =>
                    new(WorkspaceReconcileStep.MarkStopped, $"reconciled: {Describe(recorded)} was interrupted and no container exists; the next start creates one", release),
                _ => new(WorkspaceReconcileStep.ForgetContainer),
            };
        }

        if (container.Running)
        {
            return recorded switch
            {
                WorkspaceStatus.Running => new(WorkspaceReconcileStep.ResumeRunning),
                WorkspaceStatus.Stopping => new(WorkspaceReconcileStep.FinishStop, "reconciled: finishing an interrupted stop", release),
                _ => new(
                    WorkspaceReconcileStep.AdoptRunning,
                    $"reconciled: the container is running (recorded {Describe(recorded)})",
                    heldQuota ? WorkspaceQuotaChange.None : WorkspaceQuotaChange.Reserve),
            };
        }

        switch (recorded)
        {
            case WorkspaceStatus.Running when recordedOomKilled || container.OomKilled:
                return new(WorkspaceReconcileStep.MarkFailed, string.Create(CultureInfo.InvariantCulture, $"The container was killed for exceeding its memory limit (exit code {container.ExitCode})."), release, RecordExit: true);
            case WorkspaceStatus.Running when container.ExitCode != 0:
                return new(WorkspaceReconcileStep.MarkFailed, string.Create(CultureInfo.InvariantCulture, $"The container exited with code {container.ExitCode}{ExitCodeMeaning(container.ExitCode)}."), release, RecordExit: true);
            case WorkspaceStatus.Running:
                return new(WorkspaceReconcileStep.MarkStopped, "the container exited with code 0", release, RecordExit: true);
            case WorkspaceStatus.Creating or WorkspaceStatus.Starting or WorkspaceStatus.Stopping:
                return new(WorkspaceReconcileStep.MarkStopped, $"reconciled: {Describe(recorded)} was interrupted and the container is not running", release);
            default:
                return WorkspaceReconcilePlan.Keep;
        }
    }

#pragma warning disable CA1308 // Status names are shown to people, lower-cased for reading in a sentence.
    public static string Describe(WorkspaceStatus status) => status.ToString().ToLowerInvariant();
#pragma warning restore CA1308

    private static string ExitCodeMeaning(int exitCode) => exitCode switch
    {
        137 => " (killed)",
        143 => " (terminated)",
        139 => " (segmentation fault)",
        _ => "",
    };
}
