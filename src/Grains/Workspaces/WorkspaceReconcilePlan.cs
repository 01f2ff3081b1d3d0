namespace Vibe.Grains.Workspaces;

/// <summary>What a workspace grain does to bring its recorded status in line with its container.</summary>
internal enum WorkspaceReconcileStep
{
    /// <summary>Record and container agree: nothing to do.</summary>
    Keep,

    /// <summary>Stopped or failed, and the container is gone: forget its id (the next start creates one).</summary>
    ForgetContainer,

    /// <summary>Running and the container runs: resume the activation's log pump and idle check.</summary>
    ResumeRunning,

    /// <summary>A stop was cut short and the container still runs: finish the stop.</summary>
    FinishStop,

    /// <summary>The container runs though the record says otherwise (a start whose success was never recorded): record Running.</summary>
    AdoptRunning,

    /// <summary>Record Stopped, with <see cref="WorkspaceReconcilePlan.Reason"/>.</summary>
    MarkStopped,

    /// <summary>Record Failed, with <see cref="WorkspaceReconcilePlan.Reason"/> as the error.</summary>
    MarkFailed,
}

/// <summary>The quota slot change that goes with a reconciliation.</summary>
internal enum WorkspaceQuotaChange
{
    None,
    Reserve,
    Release,
}

/// <summary>
/// What reconciling one workspace comes to (see <see cref="WorkspaceReconcilePlanner"/>): the step, why (the status event's
/// reason, or the error of a failure), the quota change, and whether the container's exit (time, code, OOM) is recorded.
/// </summary>
internal sealed record WorkspaceReconcilePlan(WorkspaceReconcileStep Step, string? Reason = null, WorkspaceQuotaChange Quota = WorkspaceQuotaChange.None, bool RecordExit = false)
{
    public static readonly WorkspaceReconcilePlan Keep = new(WorkspaceReconcileStep.Keep);
}
