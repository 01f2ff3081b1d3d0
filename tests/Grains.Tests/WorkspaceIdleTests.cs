using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Tests;

[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceIdleTests(WorkspaceIdleTests.Fixture fixture) : IClassFixture<WorkspaceIdleTests.Fixture>
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(1.5);

    private WorkspaceSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_running_workspace_without_activity_is_stopped_and_gives_its_slot_back()
    {
        var id = TestRun.NewWorkspaceId();
        await using var statuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, id);
        var workspace = await Silo.CreateAsync(WorkspaceSilo.Spec("ivan"), id);
        await workspace.Start();

        await statuses.WaitForAsync(e => e.Status == WorkspaceStatus.Stopped && e.Reason?.StartsWith("idle for", StringComparison.Ordinal) == true, "an idle stop");

        var info = await workspace.GetInfo();
        Assert.Equal(WorkspaceStatus.Stopped, info.Status);
        Assert.True(info.StoppedAt - info.LastActivityAt >= IdleTimeout, $"stopped at {info.StoppedAt}, last activity {info.LastActivityAt}");
        Assert.DoesNotContain(id, await Silo.Grains.GetGrain<IWorkspaceQuotaGrain>("ivan").GetReservations());
        Assert.False((await Silo.Runtime.InspectAsync(info.ContainerId!))!.Running);
    }

    [Fact]
    public async Task Activity_keeps_a_workspace_running_until_it_stops_coming()
    {
        var workspace = await Silo.StartWorkspaceAsync();

        // Activity for twice the idle timeout: touches, a file write, a command.
        var until = DateTimeOffset.UtcNow + 2 * IdleTimeout;
        var round = 0;
        while (DateTimeOffset.UtcNow < until)
        {
            switch (round++ % 3)
            {
                case 0:
                    await workspace.Touch();
                    break;
                case 1:
                    await workspace.WriteFile("note.txt", [1]);
                    break;
                default:
                    await workspace.Exec(["true"], TimeSpan.FromSeconds(5));
                    break;
            }

            Assert.Equal(WorkspaceStatus.Running, (await workspace.GetInfo()).Status);
            await Task.Delay(IdleTimeout / 5); // the activity being simulated, not a wait for a condition
        }

        await Eventually.Until(async () => (await workspace.GetInfo()).Status == WorkspaceStatus.Stopped, "the idle stop once activity ends", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_running_workspace_whose_files_grow_past_the_disk_quota_is_stopped_with_the_reason_and_stays_stopped()
    {
        var id = TestRun.NewWorkspaceId();
        await using var statuses = await StreamRecorder.SubscribeAsync<WorkspaceStatusChanged>(Silo, WorkspaceStreams.Status, id);
        var workspace = await Silo.CreateAsync(WorkspaceSilo.Spec("olga"), id);
        await workspace.Start();

        // The workspace itself writes past the quota, as a build or a download would; the next periodic check catches it.
        var written = await workspace.Exec(["sh", "-c", "head -c 2m /dev/zero > /workspace/big"], TimeSpan.FromSeconds(10));
        Assert.Equal(0, written.ExitCode);

        const string Reason = "The workspace's files take more than its disk quota of 1 MiB, so it cannot run; delete files (the file panel still works) and start it again.";
        await statuses.WaitForAsync(e => e.Status == WorkspaceStatus.Stopped && e.Reason == Reason, "a stop for the disk quota");

        var info = await workspace.GetInfo();
        Assert.Equal(WorkspaceStatus.Stopped, info.Status);
        Assert.False((await Silo.Runtime.InspectAsync(info.ContainerId!))!.Running);
        Assert.DoesNotContain(id, await Silo.Grains.GetGrain<IWorkspaceQuotaGrain>("olga").GetReservations());
        var refused = await Assert.ThrowsAsync<ConflictException>(workspace.Start);
        Assert.Equal(Reason, refused.Message);
    }

    public sealed class Fixture : WorkspaceSiloFixture
    {
        protected override void Configure(WorkspaceOptions options)
        {
            options.IdleTimeout = IdleTimeout;
            options.IdleCheckPeriod = TimeSpan.FromMilliseconds(200);
            options.DiskQuotaBytes = 1024 * 1024;
        }
    }
}
