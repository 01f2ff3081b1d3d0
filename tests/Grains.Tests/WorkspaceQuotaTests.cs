using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task A_start_that_has_reserved_but_not_yet_recorded_Starting_keeps_its_slot()
    {
        var owner = $"ivan-{Guid.NewGuid():N}";
        var running = await Silo.StartWorkspaceAsync(WorkspaceSilo.Spec(owner));
        var held = await Silo.CreateAsync(WorkspaceSilo.Spec(owner));
        var late = await Silo.CreateAsync(WorkspaceSilo.Spec(owner));
        var heldId = (await held.GetInfo()).Id;

        // Hold the start of `held` right after its reservation returns, while its recorded status still says Stopped.
        var hold = fixture.Reservations.Hold(heldId);
        var heldStart = held.Start();
        await hold.Reserved;
        Assert.Equal(WorkspaceStatus.Stopped, (await held.GetInfo()).Status);

        var refused = await Assert.ThrowsAsync<WorkspaceQuotaExceededException>(() => late.Start());
        Assert.Contains(heldId, refused.Message, StringComparison.Ordinal);

        hold.Release();
        Assert.Equal(WorkspaceStatus.Running, (await heldStart).Status);
        Assert.Equal(WorkspaceStatus.Running, (await running.GetInfo()).Status);
        Assert.Equal(WorkspaceStatus.Stopped, (await late.GetInfo()).Status);
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
        public ReservationHolds Reservations { get; } = new();

        protected override void Configure(WorkspaceOptions options) => options.MaxRunningWorkspacesPerOwner = 2;

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IOutgoingGrainCallFilter>(Reservations);
    }

    /// <summary>Holds a workspace's call to <see cref="IWorkspaceQuotaGrain.Reserve"/> after it returned, until the test releases it.</summary>
    public sealed class ReservationHolds : IOutgoingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, Hold> _holds = new(StringComparer.Ordinal);

        public Hold Hold(string workspaceId) => _holds.GetOrAdd(workspaceId, _ => new Hold());

        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            // Read before the call: Orleans clears the request's arguments once it has been answered.
            var reservedFor = context.InterfaceMethod?.Name == nameof(IWorkspaceQuotaGrain.Reserve) ? context.Request.GetArgument(0) as string : null;
            await context.Invoke();
            if (reservedFor is not null && _holds.TryRemove(reservedFor, out var hold))
            {
                await hold.Wait();
            }
        }
    }

    public sealed class Hold
    {
        private readonly TaskCompletionSource _reserved = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes once the held workspace's reservation has returned to it.</summary>
        public Task Reserved => _reserved.Task;

        public void Release() => _released.TrySetResult();

        internal Task Wait()
        {
            _reserved.TrySetResult();
            return _released.Task;
        }
    }
}
