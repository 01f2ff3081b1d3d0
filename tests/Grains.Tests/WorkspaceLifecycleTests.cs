using System.Globalization;
using Docker.DotNet.Models;
using Vibe.Docker;
using Vibe.Docker.Runtime;
using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Tests;

[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceLifecycleTests(SharedWorkspaceSilo fixture)
{
    private WorkspaceSilo Silo => fixture.Silo;

    [Fact]
    public async Task Create_start_exec_stop_delete_go_through_every_status_and_leave_nothing_behind()
    {
        var id = TestRun.NewWorkspaceId();
        var workspace = Silo.Workspace(id);
        await using var statuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, id);

        var created = await workspace.Create(WorkspaceSilo.Spec("alice"));
        Assert.Equal(WorkspaceStatus.Stopped, created.Status);
        Assert.NotNull(created.ContainerId);
        var directory = Path.Combine(Silo.Root, id);
        Assert.True(Directory.Exists(directory));

        var running = await workspace.Start();
        Assert.Equal(WorkspaceStatus.Running, running.Status);
        Assert.Equal(created.ContainerId, running.ContainerId);
        Assert.NotNull(running.StartedAt);
        var ready = await workspace.Exec(["echo", "ready"], TimeSpan.FromSeconds(10));
        Assert.Equal(new WorkspaceExecResult(0, "ready\n", "", false, false), ready);

        var stopped = await workspace.Stop();
        Assert.Equal(WorkspaceStatus.Stopped, stopped.Status);
        Assert.False((await Silo.Runtime.InspectAsync(created.ContainerId!))!.Running);

        await workspace.Delete();
        Assert.Equal(WorkspaceStatus.Deleted, (await workspace.GetInfo()).Status);
        Assert.Null(await Silo.Runtime.InspectAsync(created.ContainerId!));
        Assert.False(Directory.Exists(directory));

        WorkspaceStatus[] expected =
        [
            WorkspaceStatus.Creating, WorkspaceStatus.Stopped, WorkspaceStatus.Starting, WorkspaceStatus.Running,
            WorkspaceStatus.Stopping, WorkspaceStatus.Stopped, WorkspaceStatus.Deleted,
        ];
        await Eventually.Until(() => statuses.Items.Count >= expected.Length, "seven status events");
        Assert.Equal(expected, statuses.Items.Select(e => e.Status));
        Assert.All(statuses.Items, e => Assert.Equal(id, e.WorkspaceId));
    }

    [Fact]
    public async Task The_container_is_hardened_and_labelled()
    {
        var limits = new WorkspaceLimits(NanoCpus: 250_000_000, MemoryBytes: 96L * 1024 * 1024, PidsLimit: 77);
        var workspace = await Silo.CreateAsync(WorkspaceSilo.Spec("bob", limits));
        var info = await workspace.GetInfo();

        var inspect = await Silo.Docker.Containers.InspectContainerAsync(info.ContainerId!);
        var host = inspect.HostConfig!;
        Assert.Equal(["ALL"], host.CapDrop);
        Assert.Contains("no-new-privileges", host.SecurityOpt!);
        Assert.Equal(77, host.PidsLimit);
        Assert.Equal(96L * 1024 * 1024, host.Memory);
        Assert.Equal(host.Memory, host.MemorySwap);
        Assert.Equal(250_000_000, host.NanoCPUs);
        Assert.True(host.ReadonlyRootfs);
        Assert.True(host.Init);
        Assert.Equal("none", host.NetworkMode);
        Assert.Equal([$"{Path.Combine(Silo.Root, info.Id)}:/workspace:rw"], host.Binds);
        Assert.StartsWith("rw,nosuid,nodev,mode=1777,size=", host.Tmpfs!["/tmp"], StringComparison.Ordinal);
        Assert.Equal("64000:64000", inspect.Config!.User);
        var labels = inspect.Config.Labels!;
        Assert.Equal(info.Id, labels[ContainerLabels.Workspace]);
        Assert.Equal("bob", labels[ContainerLabels.Owner]);
        Assert.Equal(Silo.ServiceId, labels[ContainerLabels.Service]);
        Assert.False(string.IsNullOrEmpty(labels[ContainerLabels.Silo]));
        Assert.Equal(limits, info.Limits);
    }

    [Fact]
    public async Task Create_is_idempotent_for_the_same_spec_and_refuses_another()
    {
        var id = TestRun.NewWorkspaceId();
        var workspace = Silo.Workspace(id);
        var first = await workspace.Create(WorkspaceSilo.Spec("carol"));

        var again = await workspace.Create(WorkspaceSilo.Spec("carol"));
        Assert.Equal(first.ContainerId, again.ContainerId);
        Assert.Equal(first.CreatedAt, again.CreatedAt);

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => workspace.Create(WorkspaceSilo.Spec("mallory")));
        Assert.Contains($"Workspace '{id}' already exists with a different spec", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("owner carol", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_transitions_and_unknown_workspaces_throw_with_a_clear_message()
    {
        var unknown = Silo.Workspace(TestRun.NewWorkspaceId());
        var notFound = await Assert.ThrowsAsync<WorkspaceNotFoundException>(() => unknown.Start());
        Assert.Contains("does not exist; create it first", notFound.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkspaceNotFoundException>(() => unknown.GetInfo());
        await Assert.ThrowsAsync<WorkspaceNotFoundException>(() => unknown.ReadFile("x"));

        var badId = await Assert.ThrowsAsync<InvalidRequestException>(() => Silo.Workspace("../etc").Create(WorkspaceSilo.Spec()));
        Assert.Contains("is not a valid workspace id", badId.Message, StringComparison.Ordinal);

        var tooMuchCpu = await Assert.ThrowsAsync<InvalidRequestException>(() => Silo.CreateAsync(WorkspaceSilo.Spec(limits: new WorkspaceLimits(1_000_000_000L * 1000, 64L * 1024 * 1024, 64))));
        Assert.Contains("CPUs is out of range", tooMuchCpu.Message, StringComparison.Ordinal);

        var workspace = await Silo.CreateAsync();
        await workspace.Delete();
        var deleteTwice = await Assert.ThrowsAsync<ConflictException>(() => workspace.Delete());
        Assert.Contains("is deleted", deleteTwice.Message, StringComparison.Ordinal);
        var startDeleted = await Assert.ThrowsAsync<ConflictException>(() => workspace.Start());
        Assert.Contains("is deleted", startDeleted.Message, StringComparison.Ordinal);
        var recreate = await Assert.ThrowsAsync<ConflictException>(() => workspace.Create(WorkspaceSilo.Spec()));
        Assert.Contains("its id cannot be used again", recreate.Message, StringComparison.Ordinal);

        var stopped = await Silo.CreateAsync();
        var exec = await Assert.ThrowsAsync<ConflictException>(() => stopped.Exec(["true"], TimeSpan.FromSeconds(5)));
        Assert.Contains("it is stopped, not running", exec.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_and_stop_are_idempotent_and_restart_runs_the_workspace_again()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var first = await workspace.GetInfo();
        Assert.Equal(WorkspaceStatus.Running, (await workspace.Start()).Status);

        var restarted = await workspace.Restart();
        Assert.Equal(WorkspaceStatus.Running, restarted.Status);
        Assert.Equal(first.ContainerId, restarted.ContainerId);
        Assert.True(restarted.StartedAt > first.StartedAt);
        Assert.Equal(0, (await workspace.Exec(["true"], TimeSpan.FromSeconds(10))).ExitCode);

        Assert.Equal(WorkspaceStatus.Stopped, (await workspace.Stop()).Status);
        Assert.Equal(WorkspaceStatus.Stopped, (await workspace.Stop()).Status);
    }

    [Fact]
    public async Task Logs_are_returned_and_new_lines_are_streamed()
    {
        var id = TestRun.NewWorkspaceId();
        var workspace = await Silo.CreateAsync(id: id);
        await using var logs = await LogRecorder.RecordAsync(Silo, id); // a workspace that does not exist yet drops its watchers
        await workspace.Start();

        // The main process prints a ready line; exec output does not go to the logs, so write to PID 1's stdout.
        await logs.WaitForAsync(l => l.Text == $"vibe workspace {id} ready", "the ready line on the log stream");
        await workspace.Exec(["sh", "-c", "echo hello-from-the-log > /proc/1/fd/1"], TimeSpan.FromSeconds(10));
        await logs.WaitForAsync(l => l.Text == "hello-from-the-log", "a new line on the log stream");

        var tail = await workspace.GetLogs(10);
        Assert.Equal([$"vibe workspace {id} ready", "hello-from-the-log"], tail.Select(l => l.Text));
        Assert.All(tail, l => Assert.Equal(WorkspaceLogStream.Stdout, l.Stream));
        Assert.All(tail, l => Assert.NotNull(l.Timestamp));
        Assert.Equal(["hello-from-the-log"], (await workspace.GetLogs(1)).Select(l => l.Text));
    }

    [Fact]
    public async Task A_burst_of_log_lines_reaches_watchers_in_order_in_fewer_messages_than_lines()
    {
        var id = TestRun.NewWorkspaceId();
        var workspace = await Silo.CreateAsync(id: id);
        await using var deliveries = await LogRecorder.RecordDeliveriesAsync(Silo, id);
        await workspace.Start();
        var ready = $"vibe workspace {id} ready";
        await deliveries.WaitForAsync(d => d.Any(l => l.Text == ready), "the ready line");

        // One write of 500 lines: they reach the log follower together, so they go to watchers in batches, not a round trip each.
        await workspace.Exec(["sh", "-c", "seq 1 500 > /proc/1/fd/1"], TimeSpan.FromSeconds(10));
        await deliveries.WaitForAsync(d => d.Any(l => l.Text == "500"), "the burst's last line");

        var burst = deliveries.Items.SkipWhile(d => !d.Any(l => l.Text == ready)).Skip(1).ToList();
        Assert.Equal(Enumerable.Range(1, 500).Select(i => i.ToString(CultureInfo.InvariantCulture)), burst.SelectMany(d => d).Select(l => l.Text));
        Assert.InRange(burst.Count, 1, 499);
    }

    [Fact]
    public async Task Stats_report_the_running_container()
    {
        var limits = new WorkspaceLimits(500_000_000, 64L * 1024 * 1024, 64);
        var workspace = await Silo.StartWorkspaceAsync(WorkspaceSilo.Spec(limits: limits));

        var stats = await workspace.GetStats();

        Assert.Equal(64UL * 1024 * 1024, stats.MemoryLimitBytes);
        Assert.InRange(stats.MemoryUsedBytes, 1UL, 64UL * 1024 * 1024);
        Assert.InRange(stats.Pids, 1UL, 64UL);
        Assert.True(stats.CpuPercent >= 0);
    }

    [Fact]
    public async Task Concurrent_start_and_stop_calls_are_serialized_and_the_last_one_wins()
    {
        var workspace = await Silo.CreateAsync();
        var id = (await workspace.GetInfo()).Id;

        // Issued back to back without awaiting: the grain runs them one at a time, each to its end (Orleans does not promise
        // that calls sent together arrive in the order sent, so the last one is sent once they are all answered).
        var calls = new List<Task<WorkspaceInfo>>();
        for (var i = 0; i < 6; i++)
        {
            calls.Add(i % 2 == 0 ? workspace.Start() : workspace.Stop());
        }

        await Task.WhenAll(calls);
        calls.Add(workspace.Start());
        var results = await Task.WhenAll(calls);

        Assert.Equal(WorkspaceStatus.Running, results[^1].Status);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(i % 2 == 0 ? WorkspaceStatus.Running : WorkspaceStatus.Stopped, results[i].Status);
        }

        var info = await workspace.GetInfo();
        Assert.Equal(WorkspaceStatus.Running, info.Status);
        var containers = await Silo.Runtime.ListByLabelAsync(ContainerLabels.Workspace, id);
        var container = Assert.Single(containers);
        Assert.Equal(info.ContainerId, container.Id);
        Assert.Equal("running", container.State);
    }

    [Fact]
    public async Task A_container_killed_from_outside_is_seen_and_the_workspace_fails_then_starts_again()
    {
        var id = TestRun.NewWorkspaceId();
        await using var statuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, id);
        var workspace = await Silo.CreateAsync(WorkspaceSilo.Spec("dave"), id);
        var containerId = (await workspace.Start()).ContainerId!;

        await Silo.Docker.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = "SIGKILL" });

        // The silo's event monitor forwards the die event; nobody calls the grain meanwhile.
        await statuses.WaitForAsync(e => e.Status == WorkspaceStatus.Failed, "the Failed status event");
        var failed = await workspace.GetInfo();
        Assert.Equal(WorkspaceStatus.Failed, failed.Status);
        Assert.Equal(137, failed.ExitCode);
        Assert.Equal("The container exited with code 137 (killed).", failed.LastError);
        Assert.DoesNotContain(id, await Silo.Grains.GetGrain<IWorkspaceQuotaGrain>("dave").GetReservations());

        var again = await workspace.Start();
        Assert.Equal(WorkspaceStatus.Running, again.Status);
        Assert.Equal(containerId, again.ContainerId);
        Assert.Null(again.LastError);
    }

    [Fact]
    public async Task A_container_removed_from_outside_is_replaced_by_a_new_one_on_the_next_start()
    {
        var workspace = await Silo.StartWorkspaceAsync();
        var oldContainer = (await workspace.GetInfo()).ContainerId!;

        await Silo.Docker.Containers.RemoveContainerAsync(oldContainer, new ContainerRemoveParameters { Force = true });

        await Eventually.Until(async () => (await workspace.GetInfo()).Status == WorkspaceStatus.Failed, "the workspace to fail", TimeSpan.FromSeconds(20));
        var info = await workspace.Reconcile();
        Assert.Null(info.ContainerId);

        var restarted = await workspace.Start();
        Assert.Equal(WorkspaceStatus.Running, restarted.Status);
        Assert.NotEqual(oldContainer, restarted.ContainerId);
        Assert.Equal(0, (await workspace.Exec(["true"], TimeSpan.FromSeconds(10))).ExitCode);
    }

    [Fact]
    public async Task Touch_and_file_operations_count_as_activity()
    {
        var workspace = await Silo.CreateAsync();
        var before = (await workspace.GetInfo()).LastActivityAt;

        await workspace.Touch();
        var touched = (await workspace.GetInfo()).LastActivityAt;
        Assert.True(touched > before);

        await workspace.WriteFile("a.txt", [1]);
        Assert.True((await workspace.GetInfo()).LastActivityAt > touched);
    }
}
