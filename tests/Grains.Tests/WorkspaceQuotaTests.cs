namespace Vibe.Grains.Tests;

[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceQuotaTests(WorkspaceQuotaTests.Fixture fixture) : IClassFixture<WorkspaceQuotaTests.Fixture>
{
    private WorkspaceSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_start_over_the_limit_fails_saying_the_limit_and_succeeds_once_another_stops()
    {
        var owner = $"erin-{Guid.NewGuid():N}";
        var first = await Silo.StartWorkspaceAsync(WorkspaceSilo.Spec(owner));
        var second = await Silo.StartWorkspaceAsync(WorkspaceSilo.Spec(owner));
        var third = await Silo.CreateAsync(WorkspaceSilo.Spec(owner));
        var firstId = (await first.GetInfo()).Id;
        var secondId = (await second.GetInfo()).Id;

        var refused = await Assert.ThrowsAsync<WorkspaceQuotaExceededException>(() => third.Start());
        Assert.Contains($"{owner} already runs 2 of at most 2 workspaces", refused.Message, StringComparison.Ordinal);
        Assert.Contains(firstId, refused.Message, StringComparison.Ordinal);
        Assert.Contains(secondId, refused.Message, StringComparison.Ordinal);
        Assert.Equal(WorkspaceStatus.Stopped, (await third.GetInfo()).Status);

        // Another owner is not affected.
        var otherOwners = await Silo.StartWorkspaceAsync(WorkspaceSilo.Spec($"frank-{Guid.NewGuid():N}"));
        Assert.Equal(WorkspaceStatus.Running, (await otherOwners.GetInfo()).Status);

        await first.Stop();
        Assert.Equal(WorkspaceStatus.Running, (await third.Start()).Status);
    }

    [Fact]
    public async Task Concurrent_starts_never_exceed_the_limit()
    {
        var owner = $"grace-{Guid.NewGuid():N}";
        var workspaces = new List<IWorkspaceGrain>();
        for (var i = 0; i < 4; i++)
        {
            workspaces.Add(await Silo.CreateAsync(WorkspaceSilo.Spec(owner)));
        }

        var starts = workspaces.Select(w => w.Start()).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch (WorkspaceQuotaExceededException)
        {
            // Expected for the starts over the limit; counted below.
        }

        Assert.Equal(2, starts.Count(t => t.IsCompletedSuccessfully));
        Assert.All(starts.Where(t => !t.IsCompletedSuccessfully), t => Assert.IsType<WorkspaceQuotaExceededException>(t.Exception!.InnerException));
        Assert.Equal(2, (await Silo.Grains.GetGrain<IWorkspaceQuotaGrain>(owner).GetReservations()).Count);
        var running = 0;
        foreach (var workspace in workspaces)
        {
            running += (await workspace.GetInfo()).Status == WorkspaceStatus.Running ? 1 : 0;
        }

        Assert.Equal(2, running);
    }

    [Fact]
    public async Task A_leaked_slot_is_reclaimed_when_the_owner_is_at_the_limit()
    {
        var owner = $"heidi-{Guid.NewGuid():N}";
        var quota = Silo.Grains.GetGrain<IWorkspaceQuotaGrain>(owner);

        // As if a silo died after reserving for these two and before they recorded Starting.
        Assert.True(await quota.Reserve("never-started"));
        var stopped = await Silo.CreateAsync(WorkspaceSilo.Spec(owner));
        Assert.True(await quota.Reserve((await stopped.GetInfo()).Id));

        var workspace = await Silo.StartWorkspaceAsync(WorkspaceSilo.Spec(owner));

        Assert.Equal([(await workspace.GetInfo()).Id], await quota.GetReservations());
    }

    public sealed class Fixture : WorkspaceSiloFixture
    {
        protected override void Configure(WorkspaceOptions options) => options.MaxRunningWorkspacesPerOwner = 2;
    }
}
