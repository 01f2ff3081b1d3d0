using System.Diagnostics;
using Vibe.Actors.Hosting;
using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Runtime;

public sealed class DeadlockAndTimeoutTests : IAsyncLifetime
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(2);
    private TestSiloHost _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSiloHost.StartAsync(silo => silo
        .AddMemoryGrainStorage()
        .Configure<MessagingOptions>(o => o.ResponseTimeout = ResponseTimeout));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_call_cycle_through_a_non_reentrant_grain_fails_with_a_deadlock_error_instead_of_hanging()
    {
        var a = _silo.GrainFactory.GetGrain<ICycleGrain>("A", "Vibe.Actors.Tests.Grains.CycleGrain");
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<DeadlockException>(() => a.CallAround("B"));

        Assert.Contains("cycle/A.CallAround -> cycle/B.CallBack -> cycle/A.Echo", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[Reentrant]", ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < ResponseTimeout, $"the deadlock should be reported before the {ResponseTimeout} timeout, took {watch.Elapsed}");
        Assert.Equal("A:again", await a.Echo("again")); // and the grain is still usable
    }

    [Fact]
    public async Task The_same_cycle_succeeds_when_the_grain_is_reentrant()
    {
        var a = _silo.GrainFactory.GetGrain<IReentrantCycleGrain>("A");

        Assert.Equal("A:back", await a.CallAround("B"));
    }

    [Fact]
    public async Task A_call_that_outlives_the_response_timeout_fails_with_a_timeout_naming_the_grain_and_method()
    {
        var slow = _silo.GrainFactory.GetGrain<ISlowGrain>("slow");
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => slow.Sleep(10_000));

        Assert.Contains("slow/slow", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Sleep", ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed >= ResponseTimeout - TimeSpan.FromMilliseconds(50), $"timed out too early: {watch.Elapsed}");
        Assert.True(watch.Elapsed < ResponseTimeout + TimeSpan.FromSeconds(2), $"timed out too late: {watch.Elapsed}");
    }

    [Fact]
    public async Task A_call_to_an_unknown_grain_class_fails_clearly()
    {
        var factory = _silo.GrainFactory;

        var ex = await Assert.ThrowsAsync<GrainTypeNotFoundException>(() => factory.GetGrain<ICounterGrain>(new GrainId("no-such-type", "x")).Add(1));

        Assert.Contains("no-such-type", ex.Message, StringComparison.Ordinal);
    }
}
