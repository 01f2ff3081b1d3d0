using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Runtime;

public sealed class ConcurrencyTests : IAsyncLifetime
{
    private const string Probe = "Vibe.Actors.Tests.Grains.ConcurrencyProbeGrain";
    private TestSiloHost _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSiloHost.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Concurrent_calls_to_a_non_reentrant_grain_never_overlap()
    {
        var probe = _silo.GrainFactory.GetGrain<IConcurrencyProbeGrain>("serial", Probe);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => probe.Hold(5)));

        Assert.Equal(1, await probe.MaxInside());
        Assert.Equal(0, await probe.ParallelViolations());
    }

    [Fact]
    public async Task Requests_to_a_reentrant_grain_interleave_but_never_run_in_parallel()
    {
        var probe = _silo.GrainFactory.GetGrain<IReentrantProbeGrain>("reentrant");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => probe.Hold(50)));

        Assert.True(await probe.MaxInside() > 1, "requests of a [Reentrant] grain should interleave at await points");
        Assert.Equal(0, await probe.ParallelViolations());
    }

    [Fact]
    public async Task Read_only_requests_interleave_with_each_other()
    {
        var probe = _silo.GrainFactory.GetGrain<IConcurrencyProbeGrain>("read-only", Probe);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => probe.HoldReadOnly(50)));

        Assert.True(await probe.MaxInside() > 1);
        Assert.Equal(0, await probe.ParallelViolations());
    }

    [Fact]
    public async Task A_read_only_request_waits_for_a_running_write()
    {
        var probe = _silo.GrainFactory.GetGrain<IConcurrencyProbeGrain>("read-after-write", Probe);

        var write = probe.Hold(100);
        var read = probe.HoldReadOnly(1);
        await Task.WhenAll(write, read);

        Assert.Equal(1, await probe.MaxInside());
    }

    [Fact]
    public async Task An_always_interleave_method_runs_while_another_request_holds_the_turn()
    {
        var probe = _silo.GrainFactory.GetGrain<IConcurrencyProbeGrain>("interleave", Probe);

        var hold = probe.Hold(300);
        var inside = await probe.HoldInterleaved(1);
        await hold;

        Assert.Equal(2, inside);
        Assert.Equal(0, await probe.ParallelViolations());
    }
}
