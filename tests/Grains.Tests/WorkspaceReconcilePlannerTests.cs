using Vibe.Docker.Runtime;
using Vibe.Grains.Workspaces;
using static Vibe.Grains.Workspaces.WorkspaceQuotaChange;
using static Vibe.Grains.Workspaces.WorkspaceReconcileStep;

namespace Vibe.Grains.Tests;

/// <summary>Every recorded status against every container state, without Docker: what the grain does to reconcile them.</summary>
public sealed class WorkspaceReconcilePlannerTests
{
    /// <summary>The container states the engine can report: none, running, exited cleanly, exited killed, killed for memory.</summary>
    public enum Container
    {
        Missing,
        Running,
        Exited0,
        Exited137,
        OomKilled,
    }

    // Steps and quota changes by name: the planner's types are internal to Vibe.Grains, and test methods are public.
    public static TheoryData<WorkspaceStatus, Container, string, string, bool, string> Table => new()
    {
        // recorded, container, step, quota, records the exit, the reason says
        { WorkspaceStatus.Creating, Container.Missing, nameof(MarkStopped), nameof(None), false, "reconciled: creating was interrupted and no container exists" },
        { WorkspaceStatus.Creating, Container.Running, nameof(AdoptRunning), nameof(Reserve), false, "reconciled: the container is running (recorded creating)" },
        { WorkspaceStatus.Creating, Container.Exited0, nameof(MarkStopped), nameof(None), false, "reconciled: creating was interrupted and the container is not running" },
        { WorkspaceStatus.Creating, Container.Exited137, nameof(MarkStopped), nameof(None), false, "reconciled: creating was interrupted and the container is not running" },
        { WorkspaceStatus.Creating, Container.OomKilled, nameof(MarkStopped), nameof(None), false, "reconciled: creating was interrupted and the container is not running" },

        { WorkspaceStatus.Starting, Container.Missing, nameof(MarkStopped), nameof(Release), false, "reconciled: starting was interrupted and no container exists" },
        { WorkspaceStatus.Starting, Container.Running, nameof(AdoptRunning), nameof(None), false, "reconciled: the container is running (recorded starting)" },
        { WorkspaceStatus.Starting, Container.Exited0, nameof(MarkStopped), nameof(Release), false, "reconciled: starting was interrupted and the container is not running" },
        { WorkspaceStatus.Starting, Container.Exited137, nameof(MarkStopped), nameof(Release), false, "reconciled: starting was interrupted and the container is not running" },
        { WorkspaceStatus.Starting, Container.OomKilled, nameof(MarkStopped), nameof(Release), false, "reconciled: starting was interrupted and the container is not running" },

        { WorkspaceStatus.Running, Container.Missing, nameof(MarkFailed), nameof(Release), false, "The container disappeared (removed outside Vibe)" },
        { WorkspaceStatus.Running, Container.Running, nameof(ResumeRunning), nameof(None), false, "" },
        { WorkspaceStatus.Running, Container.Exited0, nameof(MarkStopped), nameof(Release), true, "the container exited with code 0" },
        { WorkspaceStatus.Running, Container.Exited137, nameof(MarkFailed), nameof(Release), true, "The container exited with code 137 (killed)." },
        { WorkspaceStatus.Running, Container.OomKilled, nameof(MarkFailed), nameof(Release), true, "The container was killed for exceeding its memory limit (exit code 137)." },

        { WorkspaceStatus.Stopping, Container.Missing, nameof(MarkStopped), nameof(Release), false, "reconciled: stopping was interrupted and no container exists" },
        { WorkspaceStatus.Stopping, Container.Running, nameof(FinishStop), nameof(Release), false, "reconciled: finishing an interrupted stop" },
        { WorkspaceStatus.Stopping, Container.Exited0, nameof(MarkStopped), nameof(Release), false, "reconciled: stopping was interrupted and the container is not running" },
        { WorkspaceStatus.Stopping, Container.Exited137, nameof(MarkStopped), nameof(Release), false, "reconciled: stopping was interrupted and the container is not running" },
        { WorkspaceStatus.Stopping, Container.OomKilled, nameof(MarkStopped), nameof(Release), false, "reconciled: stopping was interrupted and the container is not running" },

        { WorkspaceStatus.Stopped, Container.Missing, nameof(ForgetContainer), nameof(None), false, "" },
        { WorkspaceStatus.Stopped, Container.Running, nameof(AdoptRunning), nameof(Reserve), false, "reconciled: the container is running (recorded stopped)" },
        { WorkspaceStatus.Stopped, Container.Exited0, nameof(Keep), nameof(None), false, "" },
        { WorkspaceStatus.Stopped, Container.Exited137, nameof(Keep), nameof(None), false, "" },
        { WorkspaceStatus.Stopped, Container.OomKilled, nameof(Keep), nameof(None), false, "" },

        { WorkspaceStatus.Failed, Container.Missing, nameof(ForgetContainer), nameof(None), false, "" },
        { WorkspaceStatus.Failed, Container.Running, nameof(AdoptRunning), nameof(Reserve), false, "reconciled: the container is running (recorded failed)" },
        { WorkspaceStatus.Failed, Container.Exited0, nameof(Keep), nameof(None), false, "" },
        { WorkspaceStatus.Failed, Container.Exited137, nameof(Keep), nameof(None), false, "" },
        { WorkspaceStatus.Failed, Container.OomKilled, nameof(Keep), nameof(None), false, "" },

        { WorkspaceStatus.Deleted, Container.Missing, nameof(Keep), nameof(None), false, "" },
        { WorkspaceStatus.Deleted, Container.Running, nameof(Keep), nameof(None), false, "" },
        { WorkspaceStatus.Deleted, Container.Exited0, nameof(Keep), nameof(None), false, "" },
        { WorkspaceStatus.Deleted, Container.Exited137, nameof(Keep), nameof(None), false, "" },
        { WorkspaceStatus.Deleted, Container.OomKilled, nameof(Keep), nameof(None), false, "" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_recorded_status_and_container_state_has_its_plan(
        WorkspaceStatus recorded, Container container, string step, string quota, bool recordsExit, string reason)
    {
        var plan = WorkspaceReconcilePlanner.Plan(recorded, StatusOf(container), recordedOomKilled: false);

        Assert.Equal(step, plan.Step.ToString());
        Assert.Equal(quota, plan.Quota.ToString());
        Assert.Equal(recordsExit, plan.RecordExit);
        Assert.StartsWith(reason, plan.Reason ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_covers_every_status_and_container_state()
    {
        var rows = Table.Select(row => ((WorkspaceStatus)row[0], (Container)row[1])).ToHashSet();

        Assert.Equal(Enum.GetValues<WorkspaceStatus>().Length * Enum.GetValues<Container>().Length, rows.Count);
    }

    [Fact]
    public void A_run_the_grain_saw_killed_for_memory_fails_as_such_even_when_the_engine_no_longer_says_so()
    {
        var plan = WorkspaceReconcilePlanner.Plan(WorkspaceStatus.Running, StatusOf(Container.Exited137), recordedOomKilled: true);

        Assert.Equal(MarkFailed, plan.Step);
        Assert.Equal("The container was killed for exceeding its memory limit (exit code 137).", plan.Reason);
    }

    private static ContainerStatus? StatusOf(Container container) => container switch
    {
        Container.Missing => null,
        Container.Running => Status(running: true, exitCode: 0, oomKilled: false),
        Container.Exited0 => Status(running: false, exitCode: 0, oomKilled: false),
        Container.Exited137 => Status(running: false, exitCode: 137, oomKilled: false),
        _ => Status(running: false, exitCode: 137, oomKilled: true),
    };

    private static ContainerStatus Status(bool running, int exitCode, bool oomKilled) => new(
        "c0ffee", "vibe-ws-test", running, running ? "running" : "exited", exitCode, oomKilled, null,
        DateTimeOffset.UnixEpoch.AddDays(1), running ? DateTimeOffset.UnixEpoch : DateTimeOffset.UnixEpoch.AddDays(2), new Dictionary<string, string>());
}
